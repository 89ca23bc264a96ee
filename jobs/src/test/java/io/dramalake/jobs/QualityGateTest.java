package io.dramalake.jobs;

import static io.dramalake.jobs.LakeAssertions.count;
import static io.dramalake.jobs.LakeAssertions.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dramalake.common.lake.Lake;
import io.dramalake.common.lake.LakeTable;
import io.dramalake.common.lake.Tables;
import io.dramalake.jobs.cli.ExitCode;
import io.dramalake.jobs.sql.LakeCatalog;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An error-severity check that fails stops the run before gold: gold keeps its last good version. */
class QualityGateTest {

    @Test
    void aFailedErrorCheckKeepsGoldAtItsLastGoodState(@TempDir Path dir) throws Exception {
        Path landing = dir.resolve("landing");
        String lake = dir.resolve("lake").toString();
        Fixture.writeDump1(landing);
        assertEquals(ExitCode.OK, CliRunner.run("run", "--landing", landing.toString(), "--lake", lake).exitCode());
        Tables tables = new Tables(TestSpark.get(), new Lake(lake), "test-corruption");
        long goldVersion = tables.version(LakeTable.GOLD_DOWNLOAD_VOLUME);

        // Corrupt silver behind the pipeline's back: a second row for an existing key.
        tables.append(LakeTable.SILVER_APP_INTEL_DAILY,
            tables.read(LakeTable.SILVER_APP_INTEL_DAILY).filter("country = 'JP'"), "date");
        // A new dump touching that day makes validate verify the day again.
        Fixture.write(landing.resolve("app_intel/dump_date=2025-03-03/more.csv"),
            "date,store,app_id,unified_app_id,app_name,publisher_name,country,downloads,revenue_cents,as_of\n"
                + "2025-02-28,ios,1500000001," + Fixture.A1 + ",ReelShort,Crazy Maple,CA,5,500,\n");
        CliRunner failed = CliRunner.run("run", "--landing", landing.toString(), "--lake", lake);
        assertEquals(ExitCode.QUALITY_FAILED, failed.exitCode(), failed.toString());
        assertTrue(failed.err().contains("gold was not published"), failed.err());
        assertEquals(goldVersion, tables.version(LakeTable.GOLD_DOWNLOAD_VOLUME));

        LakeCatalog.register(TestSpark.get(), new Lake(lake));
        assertEquals(List.of("silver.app_intel_daily,key (date, store, app_id, country) is unique,error,failure"), rows(
            "SELECT table_name, check, severity, status FROM ops.quality_results WHERE status = 'failure' AND severity = 'error'"));
        assertEquals(0, count("SELECT count(*) FROM gold.download_volume WHERE month = DATE'2025-02-01' "
            + "AND country = 'CA'"), "the new record did not reach gold");
        assertEquals(List.of("quality_failed,65"), rows("SELECT status, exit_code FROM ops.runs WHERE status <> 'succeeded'"));

        // curate on its own refuses too, naming the failed check.
        CliRunner curate = CliRunner.run("curate", "--lake", lake);
        assertEquals(ExitCode.QUALITY_FAILED, curate.exitCode(), curate.toString());
        assertTrue(curate.out().contains("key (date, store, app_id, country) is unique"), curate.out());
        assertEquals(goldVersion, tables.version(LakeTable.GOLD_DOWNLOAD_VOLUME));
    }
}
