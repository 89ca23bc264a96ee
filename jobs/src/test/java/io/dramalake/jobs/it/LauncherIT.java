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

/** The README's first command, as a user runs it: {@code scripts/dramalake demo}, then {@code sql}. */
class LauncherIT {

    record Outcome(int code, String out, String err) {
    }

    static Outcome launch(Path dir, String... args) throws Exception {
        String home = System.getProperty("dramalake.home");
        List<String> cmd = new java.util.ArrayList<>(List.of(home + "/scripts/dramalake"));
        cmd.addAll(List.of(args));
        File out = dir.resolve("out-" + System.nanoTime()).toFile();
        File err = dir.resolve("err-" + System.nanoTime()).toFile();
        Process p = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err).start();
        try {
            assertTrue(p.waitFor(10, TimeUnit.MINUTES), "launcher timed out");
        } finally {
            p.destroyForcibly();
        }
        return new Outcome(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
            Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }

    @Test
    void demoPrintsTheThreeAnswersAndSqlPrintsCsvOnly(@TempDir Path dir) throws Exception {
        Path work = dir.resolve("demo");
        Outcome demo = launch(dir, "demo", "--workdir", work.toString());
        assertEquals(0, demo.code(), demo.err());
        assertTrue(demo.out().contains("How many downloads?"), demo.out());
        assertTrue(demo.out().contains("How does IAP revenue split by app origin?"), demo.out());
        assertTrue(demo.out().contains("How many ad materials are run?"), demo.out());
        assertFalse(demo.err().contains("\tat "), "no stack trace: " + demo.err());

        Outcome sql = launch(dir, "sql", "--lake", work.resolve("lake").toString(), "--format", "csv",
            "SELECT count(DISTINCT period_type) AS period_types FROM gold.iap_share_by_origin");
        assertEquals(0, sql.code(), sql.err());
        assertEquals("period_types\n3\n", sql.out(), "stdout carries only the CSV; logs go to stderr");

        // A real process: the message is ours, and nothing (no library) prints a stack trace.
        Outcome badSql = launch(dir, "sql", "--lake", work.resolve("lake").toString(), "SELEKT 1");
        assertEquals(64, badSql.code(), badSql.err());
        assertTrue(badSql.err().endsWith("dramalake sql: SQL error at line 1, column 1: [PARSE_SYNTAX_ERROR] Syntax "
            + "error at or near 'SELEKT'.\n  SELEKT 1\n  ^\n"), badSql.err());
        assertFalse(badSql.err().contains("\tat "), badSql.err());
        Outcome refused = launch(dir, "sql", "--lake", work.resolve("lake").toString(),
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
