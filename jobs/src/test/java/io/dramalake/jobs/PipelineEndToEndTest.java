package io.dramalake.jobs;

import static io.dramalake.jobs.Fixture.A1;
import static io.dramalake.jobs.Fixture.A2;
import static io.dramalake.jobs.Fixture.A3;
import static io.dramalake.jobs.Fixture.A4;
import static io.dramalake.jobs.Fixture.A5;
import static io.dramalake.jobs.Fixture.F6;
import static io.dramalake.jobs.LakeAssertions.count;
import static io.dramalake.jobs.LakeAssertions.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dramalake.common.lake.Lake;
import io.dramalake.common.lake.LakeTable;
import io.dramalake.jobs.cli.ExitCode;
import io.dramalake.jobs.sql.LakeCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture through the CLI: {@code run} over the first dump only, then over both (a
 * restatement and a change of origin), then again (a no-op). Figures are worked out by hand
 * from {@link Fixture}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndTest {

    Path landing;
    String lake;
    CliRunner firstRun;

    @BeforeAll
    void landBothDumps(@TempDir Path dir) throws Exception {
        landing = dir.resolve("landing");
        lake = dir.resolve("lake").toString();
        Fixture.writeDump1(landing);
        Fixture.writeDump2(landing);
        firstRun = CliRunner.run("run", "--landing", landing.toString(), "--lake", lake, "--dump-date", "2025-03-02");
    }

    private void register() {
        LakeCatalog.register(TestSpark.get(), new Lake(lake));
    }

    @Test
    @Order(1)
    void firstDumpAloneGivesItsOwnFigures() {
        assertEquals(ExitCode.OK, firstRun.exitCode(), firstRun.toString());
        System.out.println("first run " + LakeAssertions.line(firstRun.out(), "spark_jobs:"));
        System.out.println("first run " + LakeAssertions.line(firstRun.out(), "timings:"));
        register();
        assertEquals(28, count("SELECT count(*) FROM bronze.app_intel"));
        assertEquals(11, count("SELECT count(*) FROM silver.app_intel_daily"));
        assertEquals(List.of("1200,3000.00"), rows(
            "SELECT downloads, revenue_usd FROM gold.download_volume WHERE month = DATE'2025-03-01' AND store = 'ios' "
                + "AND country = 'US' AND app_key = '" + A1 + "'"));
        // DramaBox is Singaporean until the second dump re-parents it.
        assertEquals(List.of("CN,2510.00,1", "SG,1500.50,1", "ZZ,70.00,1"), rows(
            "SELECT origin_country, revenue_usd, paying_apps FROM gold.iap_share_by_origin "
                + "WHERE period_type = 'month' AND period_start = DATE'2025-02-01' ORDER BY origin_country"));
    }

    @Test
    @Order(2)
    void secondDumpRestatesDaysAndChangesOriginInPastMonths() {
        CliRunner second = CliRunner.run("run", "--landing", landing.toString(), "--lake", lake);
        assertEquals(ExitCode.OK, second.exitCode(), second.toString());
        // An incremental run (scoped gold, creatives merged by named keys) gives back what it cached
        // and registered: left behind, a long-lived session ran out of execution memory after ~40 runs.
        assertTrue(TestSpark.get().sharedState().cacheManager().isEmpty(), "a run leaves nothing cached");
        assertEquals(List.of(), TestSpark.get().catalog().listFunctions().collectAsList().stream()
            .map(org.apache.spark.sql.catalog.Function::name).filter(n -> n.startsWith("dramalake_")).toList());
        System.out.println("incremental run " + LakeAssertions.line(second.out(), "spark_jobs:"));
        System.out.println("incremental run " + LakeAssertions.line(second.out(), "timings:"));
        register();
        assertEquals(33, count("SELECT count(*) FROM bronze.app_intel"));
        assertEquals(9, count("SELECT count(*) FROM bronze.apps"));
        assertEquals(13, count("SELECT count(*) FROM bronze.ad_creatives"));

        assertEquals(FixtureGold.DOWNLOAD_VOLUME, rows(FixtureGold.DOWNLOAD_VOLUME_QUERY));
        assertEquals(List.of("6240,10800.49"), rows(
            "SELECT sum(downloads), sum(revenue_usd) FROM gold.download_volume"));
    }

    @Test
    @Order(3)
    void iapShareByOriginSplitsEveryPeriod() {
        register();
        assertEquals(FixtureGold.IAP_SHARE, rows(FixtureGold.IAP_SHARE_QUERY));
        Map<String, Double> shares = new LinkedHashMap<>();
        for (Row r : TestSpark.get().sql("SELECT period_type, period_start, origin_country, share "
            + "FROM gold.iap_share_by_origin").collectAsList()) {
            shares.put(r.getString(0) + " " + r.get(1) + " " + r.getString(2), r.isNullAt(3) ? null : r.getDouble(3));
        }
        assertEquals(1.0, shares.get("month 2024-12-01 ZZ"), 1e-12);
        assertNull(shares.get("month 2025-01-01 CN"), "a period without revenue has no share");
        assertEquals(4010.50 / 4080.50, shares.get("month 2025-02-01 CN"), 1e-12);
        assertEquals(70.00 / 4080.50, shares.get("month 2025-02-01 ZZ"), 1e-12);
        assertEquals(6559.99 / 6669.99, shares.get("month 2025-03-01 CN"), 1e-12);
        assertEquals(10570.49 / 10750.49, shares.get("quarter 2025-01-01 CN"), 1e-12);
        assertEquals(170.00 / 10750.49, shares.get("year 2025-01-01 ZZ"), 1e-12);
        assertEquals(List.of("month,2024-12-01,1.0", "month,2025-02-01,1.0", "month,2025-03-01,1.0",
            "quarter,2024-10-01,1.0", "quarter,2025-01-01,1.0", "year,2024-01-01,1.0", "year,2025-01-01,1.0"), rows(
            "SELECT period_type, period_start, round(sum(share), 9) FROM gold.iap_share_by_origin "
                + "GROUP BY 1, 2 HAVING sum(revenue_usd) > 0 ORDER BY 1, 2"));
    }

    @Test
    @Order(4)
    void adMaterialsAreCountedPerMonthTheyRun() {
        register();
        assertEquals(FixtureGold.AD_MATERIAL_COUNTS, rows(FixtureGold.AD_MATERIAL_QUERY));
        assertEquals(List.of(
            "cr-001," + A1 + ",ios,1500000001,meta,video,2025-01-20,2025-02-15,CA|GB|US",
            "cr-002,null,android,com.dramabox,tiktok,image,2025-02-01,2025-03-04,ID|PH|VN",
            "cr-009," + F6 + ",null,null,snapchat,other,2025-02-15,2025-02-20,ID",
            "cr-011,null,ios,1700000007,other,playable,2024-12-20,2025-01-05,JP",
            "cr-012," + A5 + ",null,null,google,carousel,2025-03-03,2025-03-04,US"), rows(
            "SELECT creative_id, unified_app_id, store, app_id, network, media_type, first_seen, last_seen, countries "
                + "FROM silver.ad_creatives ORDER BY creative_id"));
    }

    @Test
    @Order(5)
    void silverHoldsTheMostRecentRecordPerKey() {
        register();
        assertEquals(List.of(
            "2024-12-31,android,com.melolo," + A4 + ",BR,600,50.00",
            "2025-01-15,ios,1600000003," + A3 + ",DE,50,0.00",
            "2025-02-27,android,com.dramabox," + A2 + ",PH,200,300.00",
            "2025-02-28,android,com.dramabox," + A2 + ",PH,800,1200.50",
            "2025-02-28,ios,1500000001," + A1 + ",AU,10,10.00",
            "2025-02-28,ios,1500000001," + A1 + ",US,1000,2500.00",
            "2025-02-28,ios,1700000007,null,JP,70,70.00",
            "2025-03-01,android,com.flextv," + F6 + ",ID,400,100.00",
            "2025-03-01,android,com.reelshort,null,GB,500,999.99",
            "2025-03-01,ios,1500000001," + A1 + ",US,1300,3100.00",
            "2025-03-01,ios,1600000003,null,CA,310,460.00",
            "2025-03-04,android,com.newapp,null,US,100,10.00",
            "2025-03-04,ios,1500000001," + A1 + ",US,900,2000.00"), rows(
            "SELECT date, store, app_id, unified_app_id, country, downloads, revenue_usd FROM silver.app_intel_daily "
                + "ORDER BY date, store, app_id, country"));
        // The exact duplicate of record 1 kept is the one in part-2 (ties go to the later file name).
        assertEquals(List.of("app_intel/dump_date=2025-03-02/part-2.csv.gz,3"), rows(
            "SELECT source_file, line_number FROM silver.app_intel_daily WHERE date = DATE'2025-02-28' "
                + "AND app_id = '1500000001' AND country = 'US'"));
        // An empty as_of is the start of its dump date; the restated GB row came from dump 2.
        assertEquals(List.of("2025-03-05 00:00:00,2025-03-05"), rows(
            "SELECT date_format(as_of, 'yyyy-MM-dd HH:mm:ss'), dump_date FROM silver.app_intel_daily WHERE country = 'GB'"));
        assertEquals(List.of(
            A1 + ",ReelShort,US,CN,CN,1500000001,com.reelshort",
            A2 + ",DramaBox,SG,CN,CN,null,com.dramabox",
            A3 + ",ShortMax,CN,null,CN,1600000003,null",
            A4 + ",Melolo,null,null,ZZ,null,null",
            A5 + ",NewDrama,HK,null,HK,null,com.newapp"), rows(
            "SELECT unified_app_id, app_name, publisher_hq_country, parent_hq_country, origin_country, "
                + "store_ids.ios, store_ids.android FROM silver.apps ORDER BY unified_app_id"));
    }

    @Test
    @Order(6)
    void everyRejectIsQuarantinedOnceWithItsReason() {
        register();
        assertEquals(List.of(
            "ad_creatives,bad_creative_id,1", "ad_creatives,bad_date,1", "ad_creatives,bad_seen_range,1",
            "ad_creatives,future_date,1", "ad_creatives,malformed,1", "ad_creatives,missing_app,1",
            "app_intel,bad_country,1", "app_intel,bad_date,3", "app_intel,bad_downloads,3", "app_intel,bad_revenue,1",
            "app_intel,future_date,1", "app_intel,malformed,1", "app_intel,missing_app_id,1",
            "app_intel,unknown_store,1", "app_intel,worldwide_total,1",
            "apps,bad_app_id,1", "apps,malformed,1"), rows(
            "SELECT source, reason, count(*) FROM silver.quarantine GROUP BY source, reason ORDER BY source, reason"));
        assertEquals(List.of("bad_date,app_intel/dump_date=2025-03-02/part-1.csv,25,"
                + "foo,2025-13-01,1500000001," + A1 + ",ReelShort,Crazy Maple,US,1,1,,x"), rows(
            "SELECT reason, source_file, line_number, raw_record FROM silver.quarantine WHERE raw_record LIKE 'foo,%'"));
        assertEquals(List.of("bad_downloads"), rows(
            "SELECT reason FROM silver.quarantine WHERE raw_record LIKE '%,WW,abc,%'"));
        assertEquals(0, count("SELECT count(*) - count(DISTINCT source, source_file, line_number) FROM silver.quarantine"));
    }

    @Test
    @Order(7)
    void rowAccountingLosesNothing() {
        register();
        assertEquals(List.of(
            "ad_creatives,accepted,5", "ad_creatives,read,13", "ad_creatives,rejected,6", "ad_creatives,superseded,2",
            "ad_creatives,warning,1",
            "app_intel,accepted,15", "app_intel,displaced,2", "app_intel,read,33", "app_intel,rejected,13",
            "app_intel,superseded,5",
            "apps,accepted,6", "apps,displaced,1", "apps,read,9", "apps,rejected,2", "apps,superseded,1",
            "apps,warning,1"), rows(
            "SELECT source, metric, sum(rows) FROM ops.row_accounting GROUP BY source, metric ORDER BY source, metric"));
        // Every record read is in silver, in the quarantine, or superseded (in its batch or later).
        assertEquals(List.of("ad_creatives,13,5,6,2", "app_intel,33,13,13,7", "apps,9,5,2,2"), rows(
            "SELECT a.source, a.read, s.silver, q.quarantined, a.superseded FROM "
                + "(SELECT source, sum(CASE WHEN metric = 'read' THEN rows END) AS read, "
                + "sum(CASE WHEN metric IN ('superseded', 'displaced') THEN rows ELSE 0 END) AS superseded "
                + "FROM ops.row_accounting GROUP BY source) a "
                + "JOIN (SELECT 'app_intel' AS source, count(*) AS silver FROM silver.app_intel_daily UNION ALL "
                + "SELECT 'apps', count(*) FROM silver.apps UNION ALL SELECT 'ad_creatives', count(*) "
                + "FROM silver.ad_creatives) s ON a.source = s.source "
                + "JOIN (SELECT source, count(*) AS quarantined FROM silver.quarantine GROUP BY source) q "
                + "ON a.source = q.source ORDER BY a.source"));
        assertEquals(List.of("apps,bad_parent_hq_country,1", "ad_creatives,bad_country_dropped,1"), rows(
            "SELECT source, reason, rows FROM ops.row_accounting WHERE metric = 'warning' ORDER BY source DESC"));
    }

    @Test
    @Order(8)
    void deequResultsAreRecordedAndPass() {
        register();
        assertEquals(List.of("curate,gold.ad_material_counts", "curate,gold.download_volume",
            "curate,gold.iap_share_by_origin", "validate,silver.ad_creatives", "validate,silver.app_intel_daily",
            "validate,silver.apps"), rows(
            "SELECT DISTINCT stage, table_name FROM ops.quality_results ORDER BY 1, 2"));
        assertEquals(0, count("SELECT count(*) FROM ops.quality_results WHERE severity = 'error' AND status <> 'success'"));
        assertTrue(count("SELECT count(*) FROM ops.quality_results WHERE check LIKE '%shares of each period%'") >= 2);
    }

    @Test
    @Order(9)
    void sqlPrintsCsvOnStdout() {
        CliRunner sql = CliRunner.run("sql", "--lake", lake, "--format", "csv",
            "SELECT period_start, origin_country, revenue_usd FROM gold.iap_share_by_origin "
                + "WHERE period_type = 'year' ORDER BY period_start, origin_country");
        assertEquals(ExitCode.OK, sql.exitCode(), sql.toString());
        assertEquals("period_start,origin_country,revenue_usd\n2024-01-01,ZZ,50.00\n2025-01-01,CN,10570.49\n"
            + "2025-01-01,HK,10.00\n2025-01-01,ZZ,170.00\n", sql.out());
        CliRunner json = CliRunner.run("sql", "--lake", lake, "--format", "json",
            "SELECT creative_id, countries FROM silver.ad_creatives WHERE creative_id = 'cr-001'");
        assertEquals("{\"creative_id\":\"cr-001\",\"countries\":[\"CA\",\"GB\",\"US\"]}\n", json.out());
    }

    @Test
    @Order(10)
    void rerunOverTheSameLandingChangesNothing() throws Exception {
        register();
        Map<String, List<String>> before = snapshot();
        CliRunner rerun = CliRunner.run("run", "--landing", landing.toString(), "--lake", lake);
        assertEquals(ExitCode.OK, rerun.exitCode(), rerun.toString());
        assertTrue(rerun.out().contains("nothing new"), rerun.out());
        register();
        assertEquals(before, snapshot());
        // Not even a new Delta version anywhere.
        for (LakeTable t : LakeTable.all()) {
            Path log = Path.of(new Lake(lake).path(t), "_delta_log");
            if (Files.exists(log)) {
                assertEquals(before.get(t.qualifiedName() + "#versions"), versions(log), t.qualifiedName());
            }
        }
    }

    @Test
    @Order(11)
    void incrementalGoldEqualsAFullRebuild() {
        register();
        // The second run rebuilt only the months it touched; a full curate must agree to the cent.
        // ... and so must the summaries of silver gold is kept from (ordered by their whole key).
        List<String> tables = List.of("gold.download_volume", "gold.iap_share_by_origin", "gold.ad_material_counts",
            "silver.ad_creative_spans", "silver.app_listing_days");
        Map<String, List<String>> incremental = new LinkedHashMap<>();
        tables.forEach(t -> incremental.put(t, rows("SELECT * FROM " + t + " ORDER BY 1, 2, 3, 4, 5, 6")));
        assertTrue(TestSpark.get().sql("DESCRIBE HISTORY gold.download_volume").filter("operation = 'MERGE'").count() >= 1,
            "the second run merged the months it touched");
        // Ad-material counts were changed by the creatives' change feed, not recomputed.
        assertEquals("true", TestSpark.get().sql("SHOW TBLPROPERTIES silver.ad_creatives ('delta.enableChangeDataFeed')")
            .first().getString(1));
        CliRunner full = CliRunner.run("curate", "--lake", lake, "--full");
        assertEquals(ExitCode.OK, full.exitCode(), full.toString());
        register();
        tables.forEach(t -> assertEquals(incremental.get(t), rows("SELECT * FROM " + t + " ORDER BY 1, 2, 3, 4, 5, 6"), t));
    }

    private Map<String, List<String>> snapshot() throws Exception {
        Map<String, List<String>> s = new LinkedHashMap<>();
        for (LakeTable t : LakeTable.all()) {
            Path log = Path.of(new Lake(lake).path(t), "_delta_log");
            if (Files.exists(log)) {
                s.put(t.qualifiedName(), List.of(String.valueOf(count("SELECT count(*) FROM " + t.qualifiedName()))));
                s.put(t.qualifiedName() + "#versions", versions(log));
            }
        }
        for (String gold : List.of("gold.download_volume", "gold.iap_share_by_origin", "gold.ad_material_counts")) {
            s.put(gold + "#rows", rows("SELECT * FROM " + gold + " ORDER BY 1, 2, 3, 4"));
        }
        return s;
    }

    private static List<String> versions(Path log) throws Exception {
        try (var files = Files.list(log)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        }
    }
}
