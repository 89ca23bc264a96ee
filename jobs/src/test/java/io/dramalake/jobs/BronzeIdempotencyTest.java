package io.dramalake.jobs;

import static io.dramalake.jobs.LakeAssertions.count;
import static io.dramalake.jobs.LakeAssertions.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dramalake.common.lake.Lake;
import io.dramalake.common.lake.LakeTable;
import io.dramalake.jobs.cli.ExitCode;
import io.dramalake.jobs.sql.LakeCatalog;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bronze takes a file at most once by its own commit, without the lake lock's help: an ingest
 * that believes a file is new (its read of {@code ops.ingested_files} was made before another
 * ingest landed and logged the file) adds nothing of it.
 */
class BronzeIdempotencyTest {

    private static final String PART_1 = "app_intel/dump_date=2025-03-02/part-1.csv";

    @Test
    void aFileLandedByAnotherIngestAfterThisOneReadTheLogIsNotLandedTwice(@TempDir Path dir) throws Exception {
        Path landing = dir.resolve("landing");
        String lake = dir.resolve("lake").toString();
        Fixture.landBothDumpsAndRunTheFirst(landing, lake);
        CliRunner second = CliRunner.run("ingest", "--landing", landing.toString(), "--lake", lake,
            "--dump-date", "2025-03-05");
        assertEquals(ExitCode.OK, second.exitCode(), second.toString());

        // What a racing ingest sees: part-1.csv not in the log, while every bronze commit so far
        // came from a run that logged its files (so nothing points at an interrupted run).
        TestSpark.get().sql("DELETE FROM delta.`" + new Lake(lake).path(LakeTable.OPS_INGESTED_FILES)
            + "` WHERE source_file = '" + PART_1 + "'");

        CliRunner run = CliRunner.run("run", "--landing", landing.toString(), "--lake", lake);
        assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        LakeCatalog.register(TestSpark.get(), new Lake(lake));
        assertEquals(33, count("SELECT count(*) FROM bronze.app_intel"), "part-1.csv's 26 records landed once");
        assertEquals(List.of("26"), rows("SELECT count(*) FROM bronze.app_intel WHERE source_file = '" + PART_1 + "'"));
        assertEquals(List.of("1"), rows("SELECT count(*) FROM ops.ingested_files WHERE source_file = '" + PART_1 + "'"));
        assertEquals(7, count("SELECT count(*) FROM ops.ingested_files"));
        assertEquals(io.dramalake.jobs.it.FixtureGold.AD_MATERIAL_COUNTS,
            rows(io.dramalake.jobs.it.FixtureGold.AD_MATERIAL_QUERY));
        assertEquals(io.dramalake.jobs.it.FixtureGold.DOWNLOAD_VOLUME,
            rows(io.dramalake.jobs.it.FixtureGold.DOWNLOAD_VOLUME_QUERY));
    }
}
