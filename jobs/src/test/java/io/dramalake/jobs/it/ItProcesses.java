package io.dramalake.jobs.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the integration tests need to start real processes: the built artifacts (shaded jar,
 * launcher classpath, the JVM argument file), free ports on 127.0.0.1, and servers that are
 * always stopped, children included.
 */
public final class ItProcesses {

    private ItProcesses() {
    }

    public static Path home() {
        String home = System.getProperty("dramalake.home");
        if (home == null) {
            throw new IllegalStateException("dramalake.home is not set (run through Maven: failsafe sets it)");
        }
        return Path.of(home).toAbsolutePath();
    }

    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static String jvmArgsFile() {
        return "@" + home().resolve("conf/spark-jvm.args");
    }

    /** The shaded jar a cluster runs (built in the package phase, before the integration tests). */
    public static Path shadedJar() {
        Path target = home().resolve("jobs/target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("dramalake-jobs-.*\\.jar"))
                .filter(p -> !p.getFileName().toString().contains("original"))
                .filter(p -> !p.getFileName().toString().contains("sources"))
                .findFirst().orElseThrow(() -> new IllegalStateException("no shaded jar in " + target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Spark, Delta, Hadoop, S3A and the rest that a cluster provides, as the launcher uses them. */
    public static List<String> launcherClasspath() {
        try {
            String cp = Files.readString(home().resolve("jobs/target/launcher-classpath.txt")).trim();
            return Arrays.asList(cp.split(java.io.File.pathSeparator));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path itTool(String fileName) {
        Path p = home().resolve("jobs/target/it-tools").resolve(fileName);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " is missing (maven-dependency-plugin copies it in pre-integration-test)");
        }
        return p;
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until something accepts connections on 127.0.0.1:port, or the process dies. */
    public static void awaitPort(Server server, int port, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.process.isAlive()) {
                throw new IllegalStateException(server.name + " exited with " + server.process.exitValue()
                    + "; its log:\n" + server.log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException(server.name + " did not open port " + port + " in " + timeout
            + "; its log:\n" + server.log());
    }

    /** Waits until the server's log contains {@code text}. */
    public static void awaitLog(Server server, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (server.log().contains(text)) {
                return;
            }
            if (!server.process.isAlive()) {
                throw new IllegalStateException(server.name + " exited with " + server.process.exitValue()
                    + "; its log:\n" + server.log());
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(server.name + " never logged '" + text + "' in " + timeout
            + "; its log:\n" + server.log());
    }

    /** A long-running process with its output in one log file; closing it stops it and its children. */
    public static final class Server implements AutoCloseable {
        final String name;
        final Process process;
        final Path logFile;

        private Server(String name, Process process, Path logFile) {
            this.name = name;
            this.process = process;
            this.logFile = logFile;
        }

        public static Server start(String name, List<String> command, Map<String, String> env, Path logFile)
            throws IOException {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logFile.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullFile()));
            pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
            pb.environment().putAll(env);
            return new Server(name, pb.start(), logFile);
        }

        public String log() {
            try {
                return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
            } catch (IOException e) {
                return "(cannot read " + logFile + ": " + e.getMessage() + ")";
            }
        }

        /** SIGTERM first so Spark's shutdown hooks stop the executors it started; then SIGKILL what is left. */
        @Override
        public void close() throws InterruptedException {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle child : children) {
                if (child.isAlive()) {
                    child.destroyForcibly();
                }
            }
        }
    }

    /** A finished command: exit code, stdout and stderr. */
    public record Finished(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /** Runs a command to completion (killing it after {@code timeout}); stdout and stderr go through files. */
    public static Finished run(List<String> command, Map<String, String> env, Path workDir, String label,
                               Duration timeout) throws IOException, InterruptedException {
        Path out = workDir.resolve(label + ".out");
        Path err = workDir.resolve(label + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(home().toFile())
            .redirectOutput(out.toFile()).redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(nullFile()));
        // Spark binds to the first non-loopback address unless told.
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(label + " did not finish in " + timeout + "; stderr so far:\n"
                    + Files.readString(err));
            }
        } finally {
            List<ProcessHandle> children = p.descendants().toList();
            p.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        }
        return new Finished(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    }

    /**
     * The command line of the CLI as the launcher runs it: the shaded jar plus the launcher classpath
     * on a Java 17 with Spark's --add-opens, bound to 127.0.0.1.
     */
    public static List<String> cliCommand(String maxHeap, String... args) {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx" + maxHeap, jvmArgsFile(),
            "-Ddramalake.home=" + home(),
            "-Dlog4j2.configurationFile=" + home().resolve("conf/log4j2.properties"),
            "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1", "-Dspark.ui.enabled=false",
            // The fixture is tiny: fewer partitions than the defaults keep the run short.
            "-Dspark.sql.shuffle.partitions=2", "-Dspark.databricks.delta.snapshotPartitions=1",
            "-cp", shadedJar() + java.io.File.pathSeparator + String.join(java.io.File.pathSeparator,
                launcherClasspath()),
            "io.dramalake.jobs.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
