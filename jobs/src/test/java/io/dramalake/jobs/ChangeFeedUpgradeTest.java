package io.dramalake.jobs;

import static io.dramalake.jobs.LakeAssertions.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dramalake.common.lake.Lake;
import io.dramalake.common.lake.LakeTable;
import io.dramalake.jobs.cli.ExitCode;
import io.dramalake.jobs.sql.LakeCatalog;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A lake whose silver.ad_creatives was written before the table kept a change feed. */
class ChangeFeedUpgradeTest {

    @Test
    void theNextRunSwitchesTheFeedOnAndGoldStaysExact(@TempDir Path dir) throws Exception {
        Path landing = dir.resolve("landing");
        String lake = dir.resolve("lake").toString();
        Fixture.landBothDumpsAndRunTheFirst(landing, lake);
        String creatives = new Lake(lake).path(LakeTable.SILVER_AD_CREATIVES);
        TestSpark.get().sql("ALTER TABLE delta.`" + creatives + "` UNSET TBLPROPERTIES ('delta.enableChangeDataFeed')");

        CliRunner run = CliRunner.run("run", "--landing", landing.toString(), "--lake", lake);
        assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        LakeCatalog.register(TestSpark.get(), new Lake(lake));
        assertEquals("true", TestSpark.get().sql("SHOW TBLPROPERTIES silver.ad_creatives ('delta.enableChangeDataFeed')")
            .first().getString(1));
        // The counts changed by the feed are the contract's figures for both dumps.
        assertEquals(FixtureGold.AD_MATERIAL_COUNTS, rows(FixtureGold.AD_MATERIAL_QUERY));
    }
}
