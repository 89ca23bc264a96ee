package io.dramalake.jobs;

import static io.dramalake.jobs.LakeAssertions.count;
import static io.dramalake.jobs.LakeAssertions.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dramalake.common.lake.Lake;
import io.dramalake.common.lake.LakeTable;
import io.dramalake.jobs.cli.ExitCode;
import io.dramalake.jobs.sql.LakeCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run killed between two commits: the next run completes the work without reading anything twice. */
class InterruptedRunTest {

    @Test
    void bronzeCommittedButIngestLogLostIsRecoveredWithoutDuplicates(@TempDir Path dir) throws Exception {
        Path landing = dir.resolve("landing");
        String lake = dir.resolve("lake").toString();
        Fixture.writeDump1(landing);
        assertEquals(ExitCode.OK, CliRunner.run("ingest", "--landing", landing.toString(), "--lake", lake).exitCode());

        // The process died after the bronze commits and before the ingest log's commit.
        Path log = Path.of(new Lake(lake).path(LakeTable.OPS_INGESTED_FILES), "_delta_log");
        deleteLogFiles(log, name -> true);
        Files.delete(log);

        CliRunner run = CliRunner.run("run", "--landing", landing.toString(), "--lake", lake);
        assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        assertTrue(run.out().contains("0 new file(s)"), run.out());
        LakeCatalog.register(TestSpark.get(), new Lake(lake));
        assertEquals(28, count("SELECT count(*) FROM bronze.app_intel"), "no record read twice");
        assertEquals(4, count("SELECT count(*) FROM ops.ingested_files"), "the lost log entries are back");
        assertEquals(List.of("5140,8690.49"), rows("SELECT sum(downloads), sum(revenue_usd) FROM gold.download_volume"));
    }

    @Test
    void aLostIngestLogCommitAfterCleanRunsIsStillRecovered(@TempDir Path dir) throws Exception {
        Path landing = dir.resolve("landing");
        String lake = dir.resolve("lake").toString();
        Fixture.landBothDumpsAndRunTheFirst(landing, lake);
        assertEquals(ExitCode.OK, CliRunner.run("ingest", "--landing", landing.toString(), "--lake", lake,
            "--dump-date", "2025-03-05").exitCode());

        // The second ingest died after its bronze commits: its log commit (the newest) is lost,
        // while the first run's entries are there, so bronze's last commit is from an unlogged run.
        Path log = Path.of(new Lake(lake).path(LakeTable.OPS_INGESTED_FILES), "_delta_log");
        String newest;
        try (var files = Files.list(log)) {
            newest = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted()
                .reduce((a, b) -> b).orElseThrow().replace(".json", "");
        }
        // The commit and everything written with it (checksums), as if it never happened.
        deleteLogFiles(log, name -> name.contains(newest));

        CliRunner run = CliRunner.run("run", "--landing", landing.toString(), "--lake", lake);
        assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        assertTrue(run.out().contains("0 new file(s)"), run.out());
        LakeCatalog.register(TestSpark.get(), new Lake(lake));
        assertEquals(33, count("SELECT count(*) FROM bronze.app_intel"), "no record read twice");
        assertEquals(13, count("SELECT count(*) FROM bronze.ad_creatives"), "no record read twice");
        assertEquals(7, count("SELECT count(*) FROM ops.ingested_files"), "the lost log entries are back");
        assertEquals(FixtureGold.AD_MATERIAL_COUNTS, rows(FixtureGold.AD_MATERIAL_QUERY));
    }

    /** Deletes the Delta log files whose name {@code doomed} accepts. */
    private static void deleteLogFiles(Path log, Predicate<String> doomed) throws Exception {
        try (var files = Files.list(log)) {
            for (Path f : files.filter(f -> doomed.test(f.getFileName().toString())).toList()) {
                Files.delete(f);
            }
        }
    }
}
