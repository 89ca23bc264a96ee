package io.dramalake.jobs.serve;

import io.dramalake.common.lake.Lake;
import io.dramalake.common.lake.LakeAccessException;
import io.dramalake.common.spark.ReadOnlySql;
import io.dramalake.common.spark.SparkSessions;
import io.dramalake.jobs.sql.LakeCatalog;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.hive.thriftserver.HiveThriftServer2;
import sun.misc.Signal;

/**
 * {@code serve-sql}: Spark's Thrift server (HiveServer2 protocol) over the lake, so JDBC/ODBC
 * clients (beeline, DBeaver, Superset) can list and query every lake table. Runs until SIGTERM
 * or SIGINT, then stops the server and returns.
 */
public final class ServeSqlJob {

    /**
     * What the server is asked for: the lake, the address, who may log in ({@code passwordFile}
     * may be null), the Spark master (null: the profile's or spark-submit's) and whether Spark logs.
     */
    public record Options(String lake, String host, int port, String passwordFile, String master, boolean verbose) {
    }

    /** The profile's HiveServer2 authentication setting (LDAP, say), if any. */
    static final String PROFILE_AUTH = "spark.hadoop.hive.server2.authentication";

    /** Where the server keeps what it writes; every path is under {@link #root}. */
    public record StateDir(Path root) {
        public Path tmp() {
            return root.resolve("tmp");
        }

        public Path sparkLocal() {
            return root.resolve("spark-local");
        }

        public Path warehouse() {
            return root.resolve("warehouse");
        }

        public Path scratch() {
            return root.resolve("scratch");
        }

        public Path operationLogs() {
            return root.resolve("operation-logs");
        }

        public Path derbyLog() {
            return root.resolve("derby.log");
        }

        /**
         * The default: {@code .dramalake-sql} beside a local lake; for a remote lake,
         * {@code ~/.dramalake-sql/<the lake's URI as a file name>}, so two servers never share one.
         */
        public static StateDir resolve(String given, String lakeRoot) {
            if (given != null && !given.isBlank()) {
                return new StateDir(Path.of(given).toAbsolutePath().normalize());
            }
            Path lake = localPath(lakeRoot);
            if (lake == null) {
                String name = lakeRoot.replace("://", "-").replaceAll("[^A-Za-z0-9._-]+", "_");
                return new StateDir(Path.of(System.getProperty("user.home"), ".dramalake-sql", name));
            }
            Path parent = lake.toAbsolutePath().normalize().getParent();
            return new StateDir((parent == null ? lake.toAbsolutePath() : parent).resolve(".dramalake-sql"));
        }
    }

    /** The lake's directory when it is on local disk, else null. */
    static Path localPath(String lakeRoot) {
        if (!lakeRoot.contains("://") && !lakeRoot.startsWith("file:")) {
            return Path.of(lakeRoot);
        }
        URI uri = URI.create(lakeRoot.replace(" ", "%20"));
        return "file".equals(uri.getScheme()) ? Path.of(uri) : null;
    }

    private final Options options;
    private final StateDir state;
    private final Map<String, String> profile;
    private final PrintStream out;
    private final PrintStream err;

    public ServeSqlJob(Options options, StateDir state, Map<String, String> profile, PrintStream out, PrintStream err) {
        this.options = options;
        this.state = state;
        this.profile = profile;
        this.out = out;
        this.err = err;
    }

    /** The URL clients connect to. */
    public static String jdbcUrl(String host, int port) {
        return "jdbc:hive2://" + host + ":" + port + "/default";
    }

    /** What {@code --dry-run} prints. */
    public List<String> plan() {
        return List.of("lake: " + options.lake(), "endpoint: " + jdbcUrl(options.host(), options.port()),
            "state directory: " + state.root(), "authentication: " + authentication());
    }

    /** How clients log in, in words. */
    String authentication() {
        if (options.passwordFile() != null) {
            return "user name and password from " + Path.of(options.passwordFile()).toAbsolutePath();
        }
        String auth = profileAuthentication();
        return auth != null ? auth + " (hive.server2.authentication in the profile)"
            : "none: any user name, no password (loopback only)";
    }

    private String profileAuthentication() {
        String auth = profile.get(PROFILE_AUTH);
        return auth == null || auth.isBlank() || auth.equalsIgnoreCase("NONE") || auth.equalsIgnoreCase("NOSASL")
            ? null : auth.trim();
    }

    /**
     * Checks the options, dry run included: authentication whenever the address is not loopback.
     * Throws {@link BadOptionException} with a one-line message.
     */
    public void check() {
        if (options.passwordFile() != null && profileAuthentication() != null) {
            throw new BadOptionException("--password-file cannot be combined with the profile's "
                + "hive.server2.authentication=" + profileAuthentication());
        }
        boolean loopback;
        try {
            loopback = java.net.InetAddress.getByName(options.host()).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            throw new BadOptionException("--host " + options.host() + ": unknown host");
        }
        if (!loopback && options.passwordFile() == null && profileAuthentication() == null) {
            throw new BadOptionException("--host " + options.host() + " is reachable from other machines: give "
                + "--password-file FILE (or set LDAP in the profile) so clients must log in");
        }
    }

    /** Spark and Hive settings that keep every file the server writes under the state directory. */
    Map<String, String> sessionSettings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("spark.local.dir", state.sparkLocal().toString());
        s.put("spark.sql.warehouse.dir", state.warehouse().toUri().toString());
        s.put("spark.hadoop.hive.server2.thrift.bind.host", options.host());
        s.put("spark.hadoop.hive.server2.thrift.port", String.valueOf(options.port()));
        s.put("spark.hadoop.hive.server2.transport.mode", "binary");
        s.put("spark.hadoop.hive.exec.scratchdir", state.scratch().resolve("hdfs").toString());
        s.put("spark.hadoop.hive.exec.local.scratchdir", state.scratch().resolve("local").toString());
        s.put("spark.hadoop.hive.downloaded.resources.dir", state.scratch().resolve("resources").toString());
        s.put("spark.hadoop.hive.querylog.location", state.scratch().resolve("querylog").toString());
        s.put("spark.hadoop.hive.server2.logging.operation.log.location", state.operationLogs().toString());
        // Queries run as the server's own user; clients' user names need not exist on this machine.
        s.put("spark.hadoop.hive.server2.enable.doAs", "false");
        s.put("spark.hadoop.hadoop.security.group.mapping", "org.apache.hadoop.security.NullGroupsMapping");
        if (options.passwordFile() != null) {
            s.put(PROFILE_AUTH, "CUSTOM");
            s.put("spark.hadoop.hive.server2.custom.authentication.class", PasswordFileAuthenticator.class.getName());
        }
        // The profile may still override any of these.
        s.putAll(profile);
        return s;
    }

    /** Starts the server, blocks until SIGTERM/SIGINT, stops it. Returns the tables served. */
    public List<String> run() throws IOException {
        check();
        if (options.passwordFile() != null) {
            // Read once here, so a missing or malformed file stops the start, not the first login.
            try {
                PasswordFile.read(Path.of(options.passwordFile()));
            } catch (IOException e) {
                throw new BadOptionException("--password-file: cannot read " + options.passwordFile());
            } catch (IllegalArgumentException e) {
                throw new BadOptionException("--password-file: " + e.getMessage());
            }
        }
        Path local = localPath(options.lake());
        if (local != null && !Files.isDirectory(local)) {
            throw new LakeAccessException("no lake at " + options.lake());
        }
        requireFreePort();
        for (Path p : List.of(state.tmp(), state.sparkLocal(), state.warehouse(), state.scratch().resolve("local"),
            state.scratch().resolve("hdfs"), state.scratch().resolve("resources"), state.operationLogs())) {
            Files.createDirectories(p);
        }
        // Spark and Hive create temporary directories under java.io.tmpdir (the execution metastore,
        // block manager dirs); keep them in the state directory. Derby reads its log path from here too.
        System.setProperty("java.io.tmpdir", state.tmp().toString());
        System.setProperty("derby.stream.error.file", state.derbyLog().toString());

        // Hive builds each login's authenticator from a fresh HiveConf, which sees system properties only.
        Map<String, String> settings = sessionSettings();
        settings.forEach((k, v) -> {
            if (k.startsWith("spark.hadoop.hive.server2.authentication")
                || k.equals("spark.hadoop.hive.server2.custom.authentication.class")) {
                System.setProperty(k.substring("spark.hadoop.".length()), v);
            }
        });
        if (options.passwordFile() != null) {
            System.setProperty(PasswordFileAuthenticator.FILE_PROPERTY, Path.of(options.passwordFile()).toAbsolutePath()
                .toString());
        }

        CountDownLatch stop = new CountDownLatch(1);
        // Our own handlers: SIGTERM then stops the server in order and the CLI exits 0.
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());

        SparkSession spark = SparkSessions.getOrCreate("dramalake serve-sql", settings, options.master());
        if (!options.verbose()) {
            spark.sparkContext().setLogLevel("WARN");
        }
        Lake lake = new Lake(options.lake());
        List<String> tables = LakeCatalog.registerWithColumns(spark, lake);
        if (tables.isEmpty()) {
            throw new LakeAccessException("no lake tables found at " + lake.root()
                + " (run `dramalake run --landing DIR --lake " + lake.root() + "` first)");
        }
        // Every session from here on (each JDBC connection gets its own) is read-only.
        ReadOnlySql.guardEverySession(spark);
        HiveThriftServer2 server = HiveThriftServer2.startWithContext(spark.sqlContext());
        try {
            awaitListening();
            out.println("serving " + tables.size() + " tables of " + lake.root() + " at "
                + jdbcUrl(options.host(), options.port()));
            out.println("state directory: " + state.root());
            out.println("authentication: " + authentication());
            out.flush();
            stop.await();
            err.println("dramalake serve-sql: stopping");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.stop();
        }
        out.println("stopped");
        return tables;
    }

    private void requireFreePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(options.host(), options.port()));
        } catch (IOException e) {
            throw new ServeException("cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage());
        }
    }

    /** The Thrift service binds in its own thread; report ready only once it accepts connections. */
    private void awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(options.host(), options.port()), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new ServeException("the Thrift server did not start listening on " + options.host() + ":" + options.port());
    }

    /** An option that cannot work (exit 64). */
    public static final class BadOptionException extends IllegalArgumentException {
        public BadOptionException(String message) {
            super(message);
        }
    }

    /** The endpoint could not be opened (port taken, bind refused). */
    public static final class ServeException extends RuntimeException {
        public ServeException(String message) {
            super(message);
        }
    }
}
