package io.dramalake.jobs;

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
 * A lake from an older release: its silver.ad_creatives was written before the table kept a change
 * feed, and it has neither of the summaries curate now keeps with gold.
 */
class ChangeFeedUpgradeTest {

    @Test
    void theNextRunSwitchesTheFeedOnBuildsTheSummariesAndGoldStaysExact(@TempDir Path dir) throws Exception {
        Path landing = dir.resolve("landing");
        String lake = dir.resolve("lake").toString();
        Fixture.landBothDumpsAndRunTheFirst(landing, lake);
        String creatives = new Lake(lake).path(LakeTable.SILVER_AD_CREATIVES);
        TestSpark.get().sql("ALTER TABLE delta.`" + creatives + "` UNSET TBLPROPERTIES ('delta.enableChangeDataFeed')");
        for (LakeTable summary : List.of(LakeTable.SILVER_AD_CREATIVE_SPANS, LakeTable.SILVER_APP_LISTING_DAYS)) {
            Fixture.deleteTree(Path.of(new Lake(lake).path(summary)));
        }

        CliRunner run = CliRunner.run("run", "--landing", landing.toString(), "--lake", lake);
        assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        LakeCatalog.register(TestSpark.get(), new Lake(lake));
        assertEquals("true", TestSpark.get().sql("SHOW TBLPROPERTIES silver.ad_creatives ('delta.enableChangeDataFeed')")
            .first().getString(1));
        // The counts changed by the feed are the contract's figures for both dumps.
        assertEquals(FixtureGold.AD_MATERIAL_COUNTS, rows(FixtureGold.AD_MATERIAL_QUERY));
        assertEquals(FixtureGold.DOWNLOAD_VOLUME, rows(FixtureGold.DOWNLOAD_VOLUME_QUERY));
        // Gold was rebuilt, the summaries with it: their creatives are silver's.
        assertEquals(rows("SELECT count(*) FROM silver.ad_creatives"),
            rows("SELECT sum(creatives) FROM silver.ad_creative_spans"));
        assertEquals(rows("SELECT count(*) FROM (SELECT DISTINCT date, unified_app_id, store, app_id "
            + "FROM silver.app_intel_daily)"),
            rows("SELECT count(*) FROM silver.app_listing_days"));
    }
}
