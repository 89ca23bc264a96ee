package io.dramalake.jobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, as a user runs it: {@code scripts/dramalake demo}, then {@code sql};
 * and the launcher's class-data archive, kept from a run that succeeded.
 */
class LauncherIT {

    record Outcome(int code, String out, String err) {
    }

    static Outcome launch(Path dir, String... args) throws Exception {
        return launch(Path.of(System.getProperty("dramalake.home")), java.util.Map.of(), dir, args);
    }

    /** The launcher of installation {@code home}, with {@code env} added to the environment. */
    static Outcome launch(Path home, java.util.Map<String, String> env, Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(home + "/scripts/dramalake"));
        cmd.addAll(List.of(args));
        File out = dir.resolve("out-" + System.nanoTime()).toFile();
        File err = dir.resolve("err-" + System.nanoTime()).toFile();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err);
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            assertTrue(p.waitFor(10, TimeUnit.MINUTES), "launcher timed out");
        } finally {
            p.destroyForcibly();
        }
        return new Outcome(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
            Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }

    /**
     * An installation of its own (the launcher copied, the build and conf/ linked), so that its
     * class-data archive starts absent and nothing else writes it.
     */
    private static Path installation(Path dir) throws Exception {
        Path real = Path.of(System.getProperty("dramalake.home"));
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.createDirectories(home.resolve("scripts"));
        Files.copy(real.resolve("scripts/dramalake"), home.resolve("scripts/dramalake"));
        Files.createSymbolicLink(home.resolve("conf"), real.resolve("conf"));
        Path target = Files.createDirectories(home.resolve("jobs/target"));
        try (var jars = Files.list(real.resolve("jobs/target"))) {
            for (Path jar : jars.filter(f -> f.getFileName().toString().matches("dramalake-jobs-.*\\.jar")).toList()) {
                Files.createSymbolicLink(target.resolve(jar.getFileName()), jar);
            }
        }
        Files.createSymbolicLink(target.resolve("launcher-classpath.txt"), real.resolve("jobs/target/launcher-classpath.txt"));
        return home;
    }

    /** The class-data files in the installation's build folder, by name. */
    private static List<String> classArchives(Path home) throws Exception {
        try (var files = Files.list(home.resolve("jobs/target"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("dramalake-classes.jsa"))
                .map(n -> n.replaceAll("\\.tmp\\.[0-9]+", ".tmp.PID")).sorted().toList();
        }
    }

    @Test
    void demoPrintsTheThreeAnswersAndSqlPrintsCsvOnly(@TempDir Path dir) throws Exception {
        Path home = installation(dir);
        java.util.Map<String, String> none = java.util.Map.of();
        // A failed run writes no archive, nor does a dry run, which starts no Spark: their few
        // classes would become every later run's archive.
        assertEquals(64, launch(home, none, dir, "run", "--bogus").code());
        Path landing = Files.createDirectories(dir.resolve("landing"));
        assertEquals(0, launch(home, none, dir, "run", "--landing", landing.toString(), "--lake",
            dir.resolve("lake").toString(), "--dry-run").code());
        assertEquals(List.of(), classArchives(home));

        Path work = dir.resolve("demo");
        Outcome demo = launch(home, none, dir, "demo", "--workdir", work.toString());
        assertEquals(0, demo.code(), demo.err());
        assertTrue(demo.out().contains("How many downloads?"), demo.out());
        assertTrue(demo.out().contains("How does IAP revenue split by app origin?"), demo.out());
        assertTrue(demo.out().contains("How many ad materials are run?"), demo.out());
        assertFalse(demo.err().contains("\tat "), "no stack trace: " + demo.err());
        assertFalse(demo.out().contains("Dynamic dump"), "the JDK's note on the archive goes to stderr: " + demo.out());
        assertEquals(List.of("dramalake-classes.jsa.tmp.PID", "dramalake-classes.jsa.tmp.PID.ok"), classArchives(home),
            "the demo succeeded: its archive is marked");

        // The next launch moves the demo's archive into place and maps it: Spark's classes come from it.
        Path classLog = dir.resolve("class-load.log");
        Outcome sql = launch(home, java.util.Map.of("DRAMALAKE_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog),
            dir, "sql", "--lake", work.resolve("lake").toString(), "--format", "csv",
            "SELECT count(DISTINCT period_type) AS period_types FROM gold.iap_share_by_origin");
        assertEquals(0, sql.code(), sql.err());
        assertEquals("period_types\n3\n", sql.out(), "stdout carries only the CSV; logs go to stderr");
        assertEquals(List.of("dramalake-classes.jsa"), classArchives(home));
        assertTrue(Files.readAllLines(classLog).stream().anyMatch(l -> l.contains("org.apache.spark.sql.SparkSession ")
            && l.contains("source: shared objects file (top)")), "SparkSession is loaded from the archive");

        // A real process: the message is ours, and nothing (no library) prints a stack trace.
        Outcome badSql = launch(home, none, dir, "sql", "--lake", work.resolve("lake").toString(), "SELEKT 1");
        assertEquals(64, badSql.code(), badSql.err());
        assertTrue(badSql.err().endsWith("dramalake sql: SQL error at line 1, column 1: [PARSE_SYNTAX_ERROR] Syntax "
            + "error at or near 'SELEKT'.\n  SELEKT 1\n  ^\n"), badSql.err());
        assertFalse(badSql.err().contains("\tat "), badSql.err());
        Outcome refused = launch(home, none, dir, "sql", "--lake", work.resolve("lake").toString(),
            "DELETE FROM gold.download_volume");
        assertEquals(77, refused.code(), refused.err());
        assertTrue(refused.err().endsWith("dramalake sql: refused: the lake is read-only here (DELETE FROM "
            + "gold.download_volume); writes go through the jobs\n"), refused.err());
        assertFalse(refused.err().contains("\tat "), refused.err());
    }

    @Test
    void badUsageExitsWith64AndOneLine(@TempDir Path dir) throws Exception {
        Outcome bad = launch(dir, "run", "--bogus");
        assertEquals(64, bad.code());
        assertEquals("dramalake run: unknown option '--bogus' (see dramalake run --help)\n", bad.err());
    }
}
