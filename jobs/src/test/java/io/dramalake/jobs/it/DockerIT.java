package io.dramalake.jobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.dramalake.jobs.Fixture;
import io.dramalake.jobs.FixtureGold;
import io.dramalake.jobs.serve.PasswordFile;
import io.dramalake.jobs.it.ItProcesses.Finished;
import io.dramalake.jobs.it.ItProcesses.Server;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Docker files, really built and run: a Docker engine of this test's own (Debian's docker.io:
 * {@code dockerd} with its own socket, data folder and pid file, vfs storage, no iptables), the
 * Debian base images {@code scripts/docker-base} makes (no registry is reachable), the image built
 * by BuildKit (and by the classic builder on request; Maven inside downloading from this machine's
 * repository, {@link MavenRepositoryServer}), {@code demo} in a container, then the compose stack (S3
 * store, bucket, pipeline, serve-sql) over the {@link Fixture}'s landing, queried over JDBC from this
 * machine with {@link FixtureGold}'s figures. Everything is torn down, also on failure: the stack,
 * the volumes, the engine (by its PID) and its data folder.
 */
class DockerIT {

    static final String RUNTIME_BASE = "dramalake-base/jre17:bookworm";
    static final String BUILD_BASE = "dramalake-base/jdk17-maven:bookworm";
    static final String DOCKER = "/usr/bin/docker";
    private static final String SQL_PASSWORD = "it-" + UUID.randomUUID();
    private static final boolean CLASSIC_TOO = Boolean.getBoolean("dramalake.docker.classic");

    Path work;
    Path socket;
    final List<String> timings = new ArrayList<>();

    @Test
    void theImageBuildsRunsDemoAndTheComposeStackServesGold() throws Exception {
        requireTools();
        // Short and world-readable: a unix socket path has a length limit, and the containers' user
        // (uid 10000) reads the fixture's landing from here.
        work = Files.createTempDirectory(Path.of("/tmp"), "dl-docker-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        socket = work.resolve("docker.sock");
        Server engine = null;
        try {
            Map<String, Path> tarballs = baseTarballs();
            engine = startEngine();
            timed("import base images", () -> {
                docker("import-jre", Duration.ofMinutes(5), "import", "--change", "ENV LANG=C.UTF-8",
                    tarballs.get("bookworm-jre17").toString(), RUNTIME_BASE);
                docker("import-jdk", Duration.ofMinutes(5), "import", "--change", "ENV LANG=C.UTF-8",
                    tarballs.get("bookworm-jdk17-maven").toString(), BUILD_BASE);
            });
            buildImages();
            runDemo();
            composeStackServesGold();
        } finally {
            if (engine != null) {
                stopEngine(engine);
            }
            deleteTree(work);
            System.out.println("DockerIT timings: " + String.join("; ", timings));
        }
    }

    /** Fails, naming the packages to install, when this machine cannot run the test. */
    private static void requireTools() throws Exception {
        List<String> missing = new ArrayList<>();
        for (String[] tool : new String[][] {{"/usr/sbin/dockerd", "docker.io"}, {DOCKER, "docker.io"},
            {"/usr/bin/docker-compose", "docker-compose"}, {"/usr/bin/mmdebstrap", "mmdebstrap"}}) {
            if (!Files.isExecutable(Path.of(tool[0])) && !missing.contains(tool[1])) {
                missing.add(tool[1]);
            }
        }
        assertTrue(missing.isEmpty(), "DockerIT needs Debian's " + String.join(", ", missing)
            + " (apt-get install -y " + String.join(" ", missing) + "; .ci/run does) and root");
        assertEquals("root", System.getProperty("user.name"), "DockerIT starts its own Docker engine: it needs root");
    }

    private Map<String, Path> baseTarballs() throws Exception {
        Map<String, Path> found = new HashMap<>();
        timed("base tarballs (scripts/docker-base)", () -> {
            Finished r = ItProcesses.run(List.of(ItProcesses.home().resolve("scripts/docker-base").toString()), Map.of(),
                work, "docker-base", Duration.ofMinutes(20));
            assertEquals(0, r.exitCode(), r.toString());
            r.out().lines().map(l -> l.split(" ", 2)).forEach(f -> found.put(f[0], Path.of(f[1])));
        });
        assertEquals(2, found.size(), found.toString());
        return found;
    }

    private Server startEngine() throws Exception {
        // No default bridge (docker0): builds use the host's network, demo none, the stack its own.
        Server engine = Server.start("dockerd", List.of("/usr/sbin/dockerd", "--storage-driver", "vfs",
                "--iptables=false", "--bridge=none", "--data-root", work.resolve("data").toString(),
                "--exec-root", work.resolve("exec").toString(), "--pidfile", work.resolve("dockerd.pid").toString(),
                "-H", "unix://" + socket),
            Map.of(), work.resolve("dockerd.log"));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Finished v = ItProcesses.run(List.of(DOCKER, "-H", "unix://" + socket, "version", "--format",
                "{{.Server.Version}}"), Map.of(), work, "docker-version", Duration.ofSeconds(30));
            if (v.exitCode() == 0) {
                timings.add("engine " + v.out().strip());
                return engine;
            }
            if (System.nanoTime() > deadline) {
                engine.close();
                fail("dockerd did not answer in 60 s\n" + engine.log());
            }
            Thread.sleep(500);
        }
    }

    private void stopEngine(Server engine) throws Exception {
        // Whatever a failure left running, then the engine itself (SIGTERM, by its PID).
        Finished ps = ItProcesses.run(List.of(DOCKER, "-H", "unix://" + socket, "ps", "-aq"), Map.of(), work,
            "docker-ps", Duration.ofMinutes(1));
        List<String> left = ps.out().lines().filter(l -> !l.isBlank()).toList();
        if (!left.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of(DOCKER, "-H", "unix://" + socket, "rm", "-f"));
            rm.addAll(left);
            ItProcesses.run(rm, Map.of(), work, "docker-rm", Duration.ofMinutes(2));
        }
        engine.close();
    }

    private void buildImages() throws Exception {
        // Every step of the Dockerfile from the bare Debian build base, its Maven downloading from this
        // machine's repository (MAVEN_MIRROR) instead of Central. BuildKit, the builder of Docker 23 and
        // later; the classic one (Docker 20.10's default) too with -Ddramalake.docker.classic=true: it
        // costs about 4 more minutes here, as vfs copies the whole tree for each of its layers.
        try (MavenRepositoryServer mirror = MavenRepositoryServer.startOnHostRepository()) {
            build("buildkit", "1", mirror.url(), "local");
            if (CLASSIC_TOO) {
                build("classic", "0", mirror.url(), "classic");
            }
            timings.add("maven mirror served " + mirror.summary());
        }
        String size = docker("image-size", Duration.ofMinutes(1), "image", "inspect", "--format", "{{.Size}}",
            "dramalake:local").out().strip();
        timings.add("image dramalake:local " + Long.parseLong(size) / 1_000_000 + " MB");
        if (CLASSIC_TOO) {
            // Both builders made the same image: the same files in the runtime's folder.
            String files = "cd /opt/dramalake && find . -type f | sort";
            assertEquals(docker("ls-buildkit", Duration.ofMinutes(2), "run", "--rm", "--network", "none", "--entrypoint",
                    "sh", "dramalake:local", "-c", files).out(),
                docker("ls-classic", Duration.ofMinutes(2), "run", "--rm", "--network", "none", "--entrypoint", "sh",
                    "dramalake:classic", "-c", files).out());
        }
    }

    private void build(String builder, String buildkit, String mavenMirror, String tag) throws Exception {
        Map<String, String> env = Map.of("DOCKER_BUILDKIT", buildkit);
        timed("build " + builder, () -> {
            for (String[] target : new String[][] {{"runtime", "dramalake:" + tag}, {"s3store", "dramalake-s3store:" + tag}}) {
                dockerEnv("build-" + target[0] + "-" + builder, env, Duration.ofMinutes(25), "build", "--network", "host",
                    "--build-arg", "BUILD_IMAGE=" + BUILD_BASE, "--build-arg", "RUNTIME_IMAGE=" + RUNTIME_BASE,
                    "--build-arg", "MAVEN_MIRROR=" + mavenMirror, "--target", target[0], "-t", target[1], ".");
            }
        });
    }

    private void runDemo() throws Exception {
        String volume = "dramalake-it-" + UUID.randomUUID().toString().substring(0, 8);
        timed("demo in a container", () -> {
            // Without a network the container's own name does not resolve, and Spark looks it up.
            Finished demo = docker("demo", Duration.ofMinutes(15), "run", "--rm", "--network", "none", "--hostname", "localhost", "-v",
                volume + ":/data", "dramalake:local", "demo", "--workdir", "/data/demo");
            System.out.println("demo in a container:\n" + demo.out());
            for (String answer : List.of("How many downloads?", "How does IAP revenue split by app origin?",
                "How many ad materials are run?", "The lake is at /data/demo/lake")) {
                assertTrue(demo.out().contains(answer), "demo prints '" + answer + "'\n" + demo);
            }
            docker("volume-rm", Duration.ofMinutes(1), "volume", "rm", volume);
        });
    }

    private void composeStackServesGold() throws Exception {
        Path landing = work.resolve("landing");
        Fixture.writeDump1(landing);
        Fixture.writeDump2(landing);
        try (Stream<Path> paths = Files.walk(landing)) {
            for (Path p : paths.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        // The stack as the compose file has it, but the pipeline reads the fixture's landing (figures
        // worked out by hand) instead of the generated sample, and the ports are free ones.
        Path override = work.resolve("fixture-landing.yml");
        Files.writeString(override, "services:\n  pipeline:\n    volumes:\n      - " + landing + ":/data/landing:ro\n");
        int sqlPort = ItProcesses.freePort();
        // The stack's serve-sql listens on every address of its container, so it needs its users.
        Path users = work.resolve("sql-users");
        Files.writeString(users, PasswordFile.line("analyst", SQL_PASSWORD) + "\n");
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-r--r--"));
        Map<String, String> env = Map.of("DOCKER_HOST", "unix://" + socket, "DRAMALAKE_SQL_USERS", users.toString(),
            "AWS_ACCESS_KEY_ID", "it", "AWS_SECRET_ACCESS_KEY", UUID.randomUUID().toString(),
            "DRAMALAKE_S3_PORT", String.valueOf(ItProcesses.freePort()), "DRAMALAKE_SQL_PORT", String.valueOf(sqlPort),
            "DRAMALAKE_CURL_IMAGE", RUNTIME_BASE);
        List<String> compose = List.of("/usr/bin/docker-compose", "-p", "dlit" + UUID.randomUUID().toString().substring(0, 6),
            "-f", ItProcesses.home().resolve("docker-compose.yml").toString(), "-f", override.toString());
        try {
            timed("compose up (sample, pipeline, serve-sql)", () -> {
                Finished up = run(compose, env, "compose-up", Duration.ofMinutes(20), "up", "-d", "--no-build");
                assertEquals(0, up.exitCode(), up + "\n" + run(compose, env, "compose-logs", Duration.ofMinutes(1), "logs").out());
                awaitServing(compose, env);
            });
            timed("gold over JDBC", () -> {
                String url = "jdbc:hive2://127.0.0.1:" + sqlPort + "/default";
                assertEquals(FixtureGold.DOWNLOAD_VOLUME, query(url, FixtureGold.DOWNLOAD_VOLUME_QUERY));
                assertEquals(FixtureGold.IAP_SHARE, query(url, FixtureGold.IAP_SHARE_QUERY));
                assertEquals(FixtureGold.AD_MATERIAL_COUNTS, query(url, FixtureGold.AD_MATERIAL_QUERY));
            });
            Finished ps = run(compose, env, "compose-ps", Duration.ofMinutes(1), "ps");
            System.out.println("compose ps:\n" + ps.out());
        } finally {
            Finished down = run(compose, env, "compose-down", Duration.ofMinutes(5), "down", "-v", "--remove-orphans");
            assertEquals(0, down.exitCode(), down.toString());
        }
    }

    private void awaitServing(List<String> compose, Map<String, String> env) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            Finished logs = run(compose, env, "compose-logs-sql", Duration.ofMinutes(1), "logs", "--no-color", "sql");
            if (logs.out().contains("serving ")) {
                System.out.println("serve-sql in the stack: " + logs.out().lines().filter(l -> l.contains("serving "))
                    .findFirst().orElse(""));
                return;
            }
            Thread.sleep(2000);
        }
        fail("the stack's serve-sql did not start in 5 min\n" + run(compose, env, "compose-logs", Duration.ofMinutes(1),
            "logs", "--no-color").out());
    }

    private List<String> query(String url, String sql) throws Exception {
        Path jar = Path.of(System.getProperty("dramalake.hiveJdbcJar"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Driver driver = (Driver) loader.loadClass("org.apache.hive.jdbc.HiveDriver").getDeclaredConstructor().newInstance();
            Properties p = new Properties();
            p.setProperty("user", "analyst");
            p.setProperty("password", SQL_PASSWORD);
            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(loader);
            try (Connection c = driver.connect(url, p); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                List<String> rows = new ArrayList<>();
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 1; i <= n; i++) {
                        sb.append(i == 1 ? "" : ",").append(rs.getString(i));
                    }
                    rows.add(sb.toString());
                }
                return rows;
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        }
    }

    private Finished docker(String label, Duration timeout, String... args) throws Exception {
        return dockerEnv(label, Map.of(), timeout, args);
    }

    private Finished dockerEnv(String label, Map<String, String> env, Duration timeout, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(DOCKER, "-H", "unix://" + socket));
        cmd.addAll(List.of(args));
        Finished r = ItProcesses.run(cmd, env, work, label, timeout);
        assertEquals(0, r.exitCode(), "docker " + String.join(" ", args) + "\n" + r);
        return r;
    }

    private Finished run(List<String> base, Map<String, String> env, String label, Duration timeout, String... args)
        throws Exception {
        List<String> cmd = new ArrayList<>(base);
        cmd.addAll(List.of(args));
        return ItProcesses.run(cmd, env, work, label, timeout);
    }

    private interface Step {
        void run() throws Exception;
    }

    private void timed(String what, Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        timings.add(what + " " + (System.nanoTime() - start) / 1_000_000_000 + " s");
    }

    /** The engine's vfs data folder holds gigabytes in many files: rm is faster than a Java walk. */
    private void deleteTree(Path dir) throws Exception {
        if (dir != null && Files.exists(dir)) {
            // A stopped engine may leave its network namespace mounted under its exec root.
            for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
                String mountPoint = line.split(" ")[1];
                if (mountPoint.startsWith(dir + "/")) {
                    new ProcessBuilder("umount", mountPoint).inheritIO().start().waitFor(1, java.util.concurrent.TimeUnit.MINUTES);
                }
            }
            Process rm = new ProcessBuilder("rm", "-rf", dir.toString()).inheritIO().start();
            assertTrue(rm.waitFor(5, java.util.concurrent.TimeUnit.MINUTES) && rm.exitValue() == 0, "rm -rf " + dir);
        }
    }
}
