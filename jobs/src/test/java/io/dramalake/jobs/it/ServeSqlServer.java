package io.dramalake.jobs.it;

import io.dramalake.jobs.it.ItProcesses.Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code scripts/dramalake serve-sql} over a lake, as analysts start it, on a free port of
 * 127.0.0.1 (no authentication there); for the tests of the analysts' own clients. Closing it stops
 * the server and its children.
 */
final class ServeSqlServer implements AutoCloseable {

    final Server server;
    final int port;
    final String url;

    private ServeSqlServer(Server server, int port) {
        this.server = server;
        this.port = port;
        this.url = "jdbc:hive2://127.0.0.1:" + port + "/default";
    }

    static ServeSqlServer start(String lake, Path dir) throws Exception {
        int port = ItProcesses.freePort();
        Path state = Files.createDirectories(dir.resolve("sql-state"));
        Server s = Server.start("serve-sql", List.of(ItProcesses.home().resolve("scripts/dramalake").toString(),
                "serve-sql", "--lake", lake, "--port", String.valueOf(port), "--state-dir", state.toString()),
            Map.of("DRAMALAKE_DRIVER_MEMORY", "1500m"), dir.resolve("serve-sql.log"));
        ServeSqlServer started = new ServeSqlServer(s, port);
        try {
            ItProcesses.awaitLog(s, " at " + started.url, Duration.ofSeconds(120));
        } catch (Exception | Error e) {
            s.close();
            throw e;
        }
        return started;
    }

    String log() {
        return server.log();
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
    }
}
