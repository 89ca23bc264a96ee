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
        try (var files = Files.list(log)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(log);

        CliRunner run = CliRunner.run("run", "--landing", landing.toString(), "--lake", lake);
        assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        assertTrue(run.out().contains("0 new file(s)"), run.out());
        LakeCatalog.register(TestSpark.get(), new Lake(lake));
        assertEquals(28, count("SELECT count(*) FROM bronze.app_intel"), "no record read twice");
        assertEquals(4, count("SELECT count(*) FROM ops.ingested_files"), "the lost log entries are back");
        assertEquals(List.of("5140,8690.49"), rows("SELECT sum(downloads), sum(revenue_usd) FROM gold.download_volume"));
    }
}
