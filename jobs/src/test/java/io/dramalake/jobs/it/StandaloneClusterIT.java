package io.dramalake.jobs.it;

import static io.dramalake.jobs.LakeAssertions.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dramalake.common.lake.Lake;
import io.dramalake.jobs.Fixture;
import io.dramalake.jobs.FixtureGold;
import io.dramalake.jobs.TestSpark;
import io.dramalake.jobs.cli.ExitCode;
import io.dramalake.jobs.it.ItProcesses.Finished;
import io.dramalake.jobs.it.ItProcesses.Server;
import io.dramalake.jobs.sql.LakeCatalog;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spark standalone cluster (one master, one worker with 1 core) from the Maven-resolved Spark
 * jars on 127.0.0.1; the shaded jar is submitted to it with SparkSubmit as on a real cluster, with
 * Delta passed beside it ({@code --jars}, as {@code --packages} would) rather than on Spark's own
 * classpath. The pipeline runs over the fixture and gold is checked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandaloneClusterIT {

    private Path dir;
    private String masterUrl;
    private Server master;
    private Server worker;
    /**
     * Spark's side: the launcher's classpath less Delta and less the code the shaded jar brings
     * (ours and Deequ), which must load from the submitted jar, next to Delta, as on a cluster.
     */
    private final List<String> sparkClasspath = new ArrayList<>();
    private final List<String> deltaJars = new ArrayList<>();

    @BeforeAll
    void startCluster(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        Set<String> bundled = bundledArtifacts(ItProcesses.shadedJar());
        assertTrue(bundled.contains("dramalake-common") && bundled.contains("deequ"), bundled.toString());
        for (String entry : ItProcesses.launcherClasspath()) {
            String name = Path.of(entry).getFileName().toString();
            if (entry.replace('\\', '/').contains("/io/delta/")) {
                deltaJars.add(entry);
            } else if (bundled.stream().noneMatch(a -> name.startsWith(a + "-"))) {
                sparkClasspath.add(entry);
            }
        }
        assertEquals(2, deltaJars.size(), "delta-spark and delta-storage: " + deltaJars);
        String cp = String.join(File.pathSeparator, sparkClasspath);

        int masterPort = ItProcesses.freePort();
        masterUrl = "spark://127.0.0.1:" + masterPort;
        master = Server.start("master", List.of(ItProcesses.java(), "-Xmx256m", ItProcesses.jvmArgsFile(),
            "-cp", cp, "org.apache.spark.deploy.master.Master",
            "--host", "127.0.0.1", "--port", String.valueOf(masterPort),
            "--webui-port", String.valueOf(ItProcesses.freePort())), Map.of(), dir.resolve("master.log"));
        ItProcesses.awaitLog(master, "I have been elected leader", Duration.ofSeconds(90));

        // The worker builds executor command lines like a distribution's scripts: it wants SPARK_HOME
        // with a jars/ folder, the Scala version, and the classpath in SPARK_DIST_CLASSPATH.
        Path sparkHome = Files.createDirectories(dir.resolve("spark-home/jars"));
        Path work = Files.createDirectories(dir.resolve("worker-work"));
        worker = Server.start("worker", List.of(ItProcesses.java(), "-Xmx256m", ItProcesses.jvmArgsFile(),
            "-cp", cp, "org.apache.spark.deploy.worker.Worker",
            "--host", "127.0.0.1", "--port", String.valueOf(ItProcesses.freePort()),
            "--webui-port", String.valueOf(ItProcesses.freePort()),
            "--cores", "1", "--memory", "1536m", "--work-dir", work.toString(), masterUrl),
            Map.of("SPARK_HOME", sparkHome.getParent().toString(), "SPARK_SCALA_VERSION", "2.12",
                "SPARK_DIST_CLASSPATH", cp), dir.resolve("worker.log"));
        ItProcesses.awaitLog(worker, "Successfully registered with master", Duration.ofSeconds(90));
    }

    /** Artifact IDs of the project and Deequ in the shaded jar, from the pom.properties each one brings. */
    private static Set<String> bundledArtifacts(Path jar) throws Exception {
        Set<String> ids = new TreeSet<>();
        try (JarFile j = new JarFile(jar.toFile())) {
            j.stream().map(e -> e.getName().split("/"))
                .filter(p -> p.length == 5 && p[0].equals("META-INF") && p[1].equals("maven")
                    && p[4].equals("pom.properties")
                    && (p[2].equals("io.dramalake") || p[2].equals("com.amazon.deequ")))
                .forEach(p -> ids.add(p[3]));
        }
        return ids;
    }

    @AfterAll
    void stopCluster() throws Exception {
        try {
            if (worker != null) {
                worker.close();
            }
        } finally {
            if (master != null) {
                master.close();
            }
        }
    }

    @Test
    void shadedJarRunsThePipelineOnTheCluster() throws Exception {
        Path landing = dir.resolve("landing");
        Fixture.writeDump1(landing);
        Fixture.writeDump2(landing);
        String lake = dir.resolve("lake").toString();

        List<String> submit = new ArrayList<>(List.of(ItProcesses.java(), "-Xmx1g", ItProcesses.jvmArgsFile(),
            "-cp", String.join(File.pathSeparator, sparkClasspath), "org.apache.spark.deploy.SparkSubmit",
            "--master", masterUrl, "--deploy-mode", "client",
            "--class", "io.dramalake.jobs.Main", "--name", "dramalake-standalone-it",
            "--jars", String.join(",", deltaJars),
            "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
            "--conf", "spark.ui.enabled=false",
            "--conf", "spark.executor.memory=1g", "--conf", "spark.executor.cores=1", "--conf", "spark.cores.max=1",
            "--conf", "spark.executor.extraJavaOptions=" + ItProcesses.jvmArgsFile(),
            "--conf", "spark.sql.shuffle.partitions=2", "--conf", "spark.databricks.delta.snapshotPartitions=1",
            ItProcesses.shadedJar().toString(),
            "run", "--landing", landing.toString(), "--lake", lake));
        Finished run = ItProcesses.run(submit, Map.of(), dir, "spark-submit", Duration.ofMinutes(6));
        assertEquals(ExitCode.OK, run.exitCode(), run + "\n--- worker log\n" + worker.log());
        assertTrue(run.out().contains("curate:"), run.out());

        // The tasks ran in an executor the worker started, not in the driver.
        try (Stream<Path> files = Files.walk(dir.resolve("worker-work"))) {
            List<Path> executorLogs = files.filter(p -> p.getFileName().toString().equals("stderr")).toList();
            assertFalse(executorLogs.isEmpty(), "no executor ran; worker log:\n" + worker.log());
            String executorLog = Files.readString(executorLogs.get(0));
            assertTrue(executorLog.contains("Finished task"), executorLog);
        }

        LakeCatalog.register(TestSpark.get(), new Lake(lake));
        assertEquals(FixtureGold.DOWNLOAD_VOLUME, rows(FixtureGold.DOWNLOAD_VOLUME_QUERY));
        assertEquals(FixtureGold.IAP_SHARE, rows(FixtureGold.IAP_SHARE_QUERY));
        assertEquals(FixtureGold.AD_MATERIAL_COUNTS, rows(FixtureGold.AD_MATERIAL_QUERY));
    }
}
