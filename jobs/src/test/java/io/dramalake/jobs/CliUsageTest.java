package io.dramalake.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dramalake.jobs.cli.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input on the command line: exit codes and messages a person can act on, no stack traces. */
class CliUsageTest {

    @TempDir
    Path dir;

    /** A usage error is exactly one line on stderr, ending with where to read more; nothing on stdout. */
    private static void assertUsage(CliRunner r, String line) {
        assertEquals(ExitCode.USAGE, r.exitCode(), r.toString());
        assertEquals(line + "\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void unknownOptionsAndStrayArgumentsAreNamedInOurWords() {
        assertUsage(CliRunner.run("run", "--landing", "x", "--lake", "y", "--bogus"),
            "dramalake run: unknown option '--bogus' (see dramalake run --help)");
        assertUsage(CliRunner.run("sql", "--lake", "y", "--bogus", "SELECT 1"),
            "dramalake sql: unknown option '--bogus' (see dramalake sql --help)");
        assertUsage(CliRunner.run("--bogus"), "dramalake: unknown option '--bogus' (see dramalake --help)");
        assertUsage(CliRunner.run("run", "--landing", "x", "--lake", "y", "extra"),
            "dramalake run: unexpected argument 'extra' (see dramalake run --help)");
        assertUsage(CliRunner.run("validate", "--lake=y"),
            "dramalake validate: write '--lake y', not '--lake=y' (see dramalake validate --help)");
        assertUsage(CliRunner.run("serve-sql", "--lake", "y", "--port", "ten"),
            "dramalake serve-sql: --port: 'ten' is not a whole number (see dramalake serve-sql --help)");
    }

    @Test
    void unknownCommandIsUsageError() {
        assertUsage(CliRunner.run("explode"), "dramalake: unknown command 'explode' (see dramalake --help)");
    }

    @Test
    void missingLakeIsUsageError() {
        assertUsage(CliRunner.run("validate"), "dramalake validate: --lake is required, or set it in the profile "
            + "given with --conf (see dramalake validate --help)");
    }

    @Test
    void missingOptionValueIsUsageError() {
        assertUsage(CliRunner.run("ingest", "--landing", "x", "--lake"),
            "dramalake ingest: --lake needs a value (see dramalake ingest --help)");
    }

    @Test
    void unparseableDateNamesTheValue() {
        assertUsage(CliRunner.run("run", "--landing", "x", "--lake", "y", "--dump-date", "2025-13-01"),
            "dramalake run: --dump-date: '2025-13-01' is not a date (expected YYYY-MM-DD) (see dramalake run --help)");
    }

    @Test
    void contradictorySelectionIsUsageError() {
        assertUsage(CliRunner.run("ingest", "--landing", "x", "--lake", "y", "--from", "2025-03-05", "--to",
            "2025-03-01"), "dramalake ingest: --from 2025-03-05 is after --to 2025-03-01 (see dramalake ingest --help)");
        assertUsage(CliRunner.run("ingest", "--landing", "x", "--lake", "y", "--dump-date", "2025-03-05", "--from",
            "2025-03-01"), "dramalake ingest: --dump-date cannot be combined with --from/--to "
            + "(see dramalake ingest --help)");
        CliRunner source = CliRunner.run("ingest", "--landing", "x", "--lake", "y", "--source", "tiktok");
        assertEquals(ExitCode.USAGE, source.exitCode(), source.toString());
        assertTrue(source.err().startsWith("dramalake ingest: --source: unknown source 'tiktok'"), source.err());
        assertTrue(source.err().endsWith(" (see dramalake ingest --help)\n"), source.err());
    }

    @Test
    void badSqlFormatAndMissingQueryAreUsageErrors() {
        assertUsage(CliRunner.run("sql", "--lake", "y", "--format", "xml", "SELECT 1"),
            "dramalake sql: --format: 'xml' is not table, csv or json (see dramalake sql --help)");
        assertUsage(CliRunner.run("sql", "--lake", "y"), "dramalake sql: sql needs a QUERY, e.g. "
            + "\"SELECT * FROM gold.download_volume LIMIT 10\" (see dramalake sql --help)");
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
    void dryRunSaysThePlanInWords() {
        CliRunner r = CliRunner.run("run", "--landing", "s3a://bucket/landing", "--lake", "s3a://bucket/lake",
            "--from", "2025-03-01", "--to", "2025-03-05", "--dry-run");
        assertEquals(ExitCode.OK, r.exitCode(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals("dry run: dramalake run", lines.get(0));
        assertEquals(List.of("  landing: s3a://bucket/landing", "  lake: s3a://bucket/lake",
            "  sources: app_intel, apps, ad_creatives", "  dump dates: 2025-03-01 to 2025-03-05",
            "nothing was run (dry run)"), lines.subList(lines.size() - 5, lines.size()));
        CliRunner one = CliRunner.run("validate", "--lake", "y", "--source", "apps", "--dump-date", "2025-03-05",
            "--dry-run");
        assertEquals(List.of("  lake: y", "  sources: apps", "  dump date: 2025-03-05", "nothing was run (dry run)"),
            tail(one.out(), 4));
        CliRunner all = CliRunner.run("ingest", "--landing", "x", "--lake", "y", "--from", "2025-03-01", "--dry-run");
        assertEquals(List.of("  sources: app_intel, apps, ad_creatives", "  dump dates: 2025-03-01 and later",
            "nothing was run (dry run)"), tail(all.out(), 3));
        CliRunner sample = CliRunner.run("generate-sample", "--landing", "x", "--seed", "7", "--dry-run");
        assertEquals(List.of("  landing: x", "  sample: seed 7; 60 days from 2025-01-01; 40 apps at the start, 120 at "
            + "the end; 20 countries; 3000 creatives; the last 3 days restated; 1.0 % bad rows; messy formats",
            "nothing was run (dry run)"), tail(sample.out(), 3));
    }

    private static List<String> tail(String out, int n) {
        List<String> lines = out.lines().toList();
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
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
        assertEquals("dramalake sql: SQL error at line 1, column 1: [PARSE_SYNTAX_ERROR] Syntax error at or near "
            + "'SELEKT'.\n  SELEKT nothing\n  ^\n", bad.err());
        CliRunner unknown = CliRunner.run("sql", "--lake", lake, "SELECT app_name\nFROM bronze.apps JOIN gold.nope");
        assertEquals(ExitCode.USAGE, unknown.exitCode(), unknown.toString());
        assertEquals("dramalake sql: SQL error at line 2, column 23: [TABLE_OR_VIEW_NOT_FOUND] The table or view "
            + "`gold`.`nope` cannot be found. Verify the spelling and correctness of the schema and catalog.\n"
            + "  FROM bronze.apps JOIN gold.nope\n                        ^\n", unknown.err());
    }
}
