package io.dramalake.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dramalake.jobs.cli.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input on the command line: exit codes and messages a person can act on, no stack traces. */
class CliUsageTest {

    @TempDir
    Path dir;

    private static void assertUsage(CliRunner r, String message) {
        assertEquals(ExitCode.USAGE, r.exitCode(), r.toString());
        assertTrue(r.err().contains(message), r.err());
        assertTrue(r.err().contains("Usage:"), "prints the usage text: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void unknownOptionIsUsageError() {
        assertUsage(CliRunner.run("run", "--landing", "x", "--lake", "y", "--bogus"), "--bogus");
    }

    @Test
    void unknownCommandIsUsageError() {
        CliRunner r = CliRunner.run("explode");
        assertEquals(ExitCode.USAGE, r.exitCode(), r.toString());
        assertTrue(r.err().contains("explode"), r.err());
    }

    @Test
    void missingLakeIsUsageError() {
        assertUsage(CliRunner.run("validate"), "--lake is required");
    }

    @Test
    void missingOptionValueIsUsageError() {
        assertUsage(CliRunner.run("ingest", "--landing", "x", "--lake"), "--lake");
    }

    @Test
    void unparseableDateNamesTheValue() {
        assertUsage(CliRunner.run("run", "--landing", "x", "--lake", "y", "--dump-date", "2025-13-01"),
            "'2025-13-01' is not a date");
    }

    @Test
    void contradictorySelectionIsUsageError() {
        assertUsage(CliRunner.run("ingest", "--landing", "x", "--lake", "y", "--from", "2025-03-05", "--to",
            "2025-03-01"), "--from 2025-03-05 is after --to 2025-03-01");
        assertUsage(CliRunner.run("ingest", "--landing", "x", "--lake", "y", "--dump-date", "2025-03-05", "--from",
            "2025-03-01"), "--dump-date cannot be combined");
        assertUsage(CliRunner.run("ingest", "--landing", "x", "--lake", "y", "--source", "tiktok"),
            "unknown source 'tiktok'");
    }

    @Test
    void badSqlFormatAndMissingQueryAreUsageErrors() {
        assertUsage(CliRunner.run("sql", "--lake", "y", "--format", "xml", "SELECT 1"), "'xml' is not table, csv or json");
        assertUsage(CliRunner.run("sql", "--lake", "y"), "sql needs a QUERY");
    }

    @Test
    void helpExitsZeroWithUsage() {
        CliRunner r = CliRunner.run("run", "--help");
        assertEquals(ExitCode.OK, r.exitCode());
        assertTrue(r.out().contains("--landing"), r.out());
        CliRunner top = CliRunner.run("--help");
        assertEquals(ExitCode.OK, top.exitCode());
        assertTrue(top.out().contains("generate-sample") && top.out().contains("Exit codes"), top.out());
        assertEquals(ExitCode.USAGE, CliRunner.run().exitCode());
    }

    @Test
    void dryRunChecksArgumentsWithoutRunning() {
        CliRunner r = CliRunner.run("run", "--landing", "s3a://bucket/landing", "--lake", "s3a://bucket/lake",
            "--from", "2025-03-01", "--to", "2025-03-05", "--dry-run");
        assertEquals(ExitCode.OK, r.exitCode(), r.toString());
        assertTrue(r.out().contains("lake=s3a://bucket/lake"), r.out());
    }

    @Test
    void missingLandingIsPathError() {
        CliRunner r = CliRunner.run("run", "--landing", dir.resolve("nope").toString(), "--lake",
            dir.resolve("lake").toString());
        assertEquals(ExitCode.PATH_UNAVAILABLE, r.exitCode(), r.toString());
        assertTrue(r.err().contains("does not exist"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void sqlOnMissingLakeIsPathErrorAndBadSqlIsUsageError() throws Exception {
        CliRunner missing = CliRunner.run("sql", "--lake", dir.resolve("no-lake").toString(), "SELECT 1");
        assertEquals(ExitCode.PATH_UNAVAILABLE, missing.exitCode(), missing.toString());
        Path landing = dir.resolve("landing");
        Files.createDirectories(landing);
        Fixture.write(landing.resolve("apps/dump_date=2025-03-02/a.jsonl"),
            "{\"unified_app_id\":\"" + Fixture.A1 + "\",\"app_name\":\"ReelShort\"}\n");
        String lake = dir.resolve("lake").toString();
        assertEquals(ExitCode.OK, CliRunner.run("ingest", "--landing", landing.toString(), "--lake", lake).exitCode());
        CliRunner bad = CliRunner.run("sql", "--lake", lake, "SELEKT nothing");
        assertEquals(ExitCode.USAGE, bad.exitCode(), bad.toString());
        assertTrue(bad.err().contains("SQL error"), bad.err());
        CliRunner unknown = CliRunner.run("sql", "--lake", lake, "SELECT * FROM gold.nope");
        assertEquals(ExitCode.USAGE, unknown.exitCode(), unknown.toString());
    }
}
