package io.dramalake.jobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.dramalake.jobs.it.ItProcesses.Finished;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs here, so the Docker files are checked for what can go wrong without one:
 * the compose file parses, every command it gives the jobs image is accepted by the CLI's
 * {@code --dry-run} (the image's entrypoint is the CLI), and the Dockerfile, the compose file and
 * the {@code docker} profile agree on stages, paths, ports and the bucket.
 */
class DockerComposeIT {

    private static final String SERVE_SQL_ASSUMPTION = "serve-sql is not a command on this branch yet (it comes "
        + "from branch analysts); assumed to be `serve-sql --lake DIR --port 10000 --host 0.0.0.0` and to take "
        + "the common options (--conf)";

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> compose() throws Exception {
        return (Map<String, Object>) new Yaml().load(Files.readString(ItProcesses.home().resolve("docker-compose.yml")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws Exception {
        return (Map<String, Map<String, Object>>) compose().get("services");
    }

    @SuppressWarnings("unchecked")
    private static boolean runsTheJobsImage(Map<String, Object> service) {
        return service.get("build") instanceof Map<?, ?> build && "runtime".equals(((Map<String, Object>) build).get("target"));
    }

    @Test
    void composeFileDescribesTheStack() throws Exception {
        Map<String, Map<String, Object>> services = services();
        assertEquals(List.of("s3", "make-bucket", "sample", "pipeline", "sql"), new ArrayList<>(services.keySet()));
        assertEquals(List.of("sample", "pipeline", "sql"),
            services.entrySet().stream().filter(e -> runsTheJobsImage(e.getValue())).map(Map.Entry::getKey).toList());
        assertEquals(Map.of("sample", Map.of("condition", "service_completed_successfully"),
                "make-bucket", Map.of("condition", "service_completed_successfully")),
            services.get("pipeline").get("depends_on"));
        assertEquals(Map.of("pipeline", Map.of("condition", "service_completed_successfully")),
            services.get("sql").get("depends_on"));
        // Published ports are reachable from this machine only.
        for (Map<String, Object> s : services.values()) {
            Object ports = s.get("ports");
            if (ports != null) {
                for (Object p : (List<?>) ports) {
                    assertTrue(p.toString().startsWith("127.0.0.1:"), "port " + p + " is published on every interface");
                }
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void keysComeFromTheEnvironmentNeverFromTheFile() throws Exception {
        for (Map.Entry<String, Map<String, Object>> s : services().entrySet()) {
            Map<String, Object> env = (Map<String, Object>) s.getValue().get("environment");
            if (env == null) {
                continue;
            }
            for (String key : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")) {
                assertTrue(String.valueOf(env.get(key)).matches("\\$\\{" + key + ":\\?.+}"),
                    s.getKey() + " sets " + key + " to " + env.get(key));
            }
        }
        assertTrue(Files.readString(ItProcesses.home().resolve(".gitignore")).lines().anyMatch(".env"::equals),
            ".env (where users may keep the keys) is git-ignored");
    }

    @Test
    void composeDockerfileAndProfileAgree() throws Exception {
        String dockerfile = Files.readString(ItProcesses.home().resolve("Dockerfile"));
        List<String> stages = new ArrayList<>();
        Matcher from = Pattern.compile("(?m)^FROM (\\S+) AS (\\S+)$").matcher(dockerfile);
        List<String> images = new ArrayList<>();
        while (from.find()) {
            images.add(from.group(1));
            stages.add(from.group(2));
        }
        assertEquals(List.of("build", "s3store", "runtime"), stages);
        // Base images are build arguments whose defaults are the public images (DockerIT builds with
        // Debian ones); the image that runs has a Java 17 runtime only, Maven and a JDK stay in the build stage.
        assertEquals(List.of("${BUILD_IMAGE}", "${RUNTIME_IMAGE}", "${RUNTIME_IMAGE}"), images);
        assertTrue(dockerfile.contains("\nARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17\n")
            && dockerfile.contains("\nARG RUNTIME_IMAGE=eclipse-temurin:17-jre\n"), dockerfile);
        // The classic builder rejects BuildKit-only syntax (DockerIT builds with BuildKit; with the
        // classic builder only when asked): flags of RUN/COPY/ADD it lacks, heredocs, a syntax line.
        assertFalse(Pattern.compile("(?m)^\\s*(RUN|COPY|ADD)\\s+(--\\S+\\s+)*--(mount|chmod|link|parents|exclude|checksum"
            + "|network|security|keep-git-dir)\\b").matcher(dockerfile).find()
            || dockerfile.contains("<<") || dockerfile.contains("# syntax="), dockerfile);
        // docker-compose 1.29 rejects a top-level name.
        assertFalse(compose().containsKey("name"), "docker-compose.yml has no top-level name");
        String runtime = dockerfile.substring(dockerfile.lastIndexOf("FROM "));
        assertFalse(runtime.contains("mvn") || runtime.toLowerCase().contains("maven"), runtime);
        assertTrue(runtime.contains("\"@/opt/dramalake/conf/spark-jvm.args\"") && runtime.contains("COPY --from=build /out/runtime/ ./")
            && dockerfile.contains("cp -r conf /out/runtime/conf")
            && runtime.contains("WORKDIR /opt/dramalake") && runtime.contains("\"io.dramalake.jobs.Main\""), runtime);

        Properties docker = new Properties();
        try (var r = Files.newBufferedReader(ItProcesses.home().resolve("conf/docker.properties"))) {
            docker.load(r);
        }
        Map<String, Map<String, Object>> services = services();
        assertEquals("http://s3:8080", docker.getProperty("spark.hadoop.fs.s3a.endpoint"));
        assertTrue(services.containsKey("s3") && dockerfile.contains("s3proxy.endpoint=http://0.0.0.0:8080"));
        assertTrue(docker.getProperty("dramalake.lake").startsWith("s3a://dramalake/"));
        assertTrue(String.valueOf(services.get("make-bucket").get("command")).contains("http://s3:8080/dramalake"));
        assertEquals("client", docker.getProperty("spark.hadoop.fs.s3a.change.detection.mode"));
    }

    /** Each command the compose file gives the jobs image, through the real CLI's dry run. */
    @TestFactory
    Stream<DynamicTest> everyJobsCommandPassesTheDryRun() throws Exception {
        boolean hasServeSql = cliKnows("serve-sql");
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> s : services().entrySet()) {
            if (!runsTheJobsImage(s.getValue())) {
                continue;
            }
            List<String> command = ((List<?>) s.getValue().get("command")).stream().map(String::valueOf).toList();
            tests.add(dynamicTest(s.getKey() + ": " + String.join(" ", command), () -> {
                if (command.get(0).equals("serve-sql")) {
                    Assumptions.assumeTrue(hasServeSql, SERVE_SQL_ASSUMPTION);
                }
                List<String> args = new ArrayList<>(command);
                args.add("--dry-run");
                // Relative paths (conf/docker.properties) resolve against the image's WORKDIR there
                // and the checkout here, which hold the same conf/.
                Finished r = ItProcesses.run(ItProcesses.cliCommand("512m", args.toArray(String[]::new)), Map.of(),
                    dir, "dry-run-" + s.getKey(), Duration.ofMinutes(2));
                assertEquals(0, r.exitCode(), r.toString());
                assertTrue(r.out().startsWith("dry run: dramalake " + command.get(0) + "\n"), r.out());
            }));
        }
        assertEquals(3, tests.size());
        return tests.stream();
    }

    /** A guard for the test above: the dry run rejects a command the CLI would reject. */
    @Test
    void theDryRunRejectsABadCommand() throws Exception {
        Finished r = ItProcesses.run(ItProcesses.cliCommand("512m", "run", "--conf", "conf/docker.properties",
            "--dump-date", "2025-02-30", "--dry-run"), Map.of(), dir, "dry-run-bad", Duration.ofMinutes(2));
        assertEquals(64, r.exitCode(), r.toString());
    }

    private boolean cliKnows(String command) throws Exception {
        Finished help = ItProcesses.run(ItProcesses.cliCommand("512m", "--help"), Map.of(), dir, "help",
            Duration.ofMinutes(2));
        assertEquals(0, help.exitCode(), help.toString());
        return help.out().contains(command);
    }
}
