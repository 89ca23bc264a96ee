package io.dramalake.jobs.curate;

import static io.dramalake.jobs.Frames.at;
import static io.dramalake.jobs.Frames.day;
import static io.dramalake.jobs.Frames.usd;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dramalake.common.contract.Source;
import io.dramalake.common.lake.LakeTable;
import io.dramalake.jobs.Frames;
import io.dramalake.jobs.validate.Silver;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Section 4 on a few silver rows whose sums, shares and counts are worked out in the comments. */
class GoldTablesTest {

    static final String A1 = AppResolutionTest.A1;

    /**
     * A1 (Reel, CN) on ios 111: 10 + 5 downloads and 1.50 + 0.50 USD in January (the second row
     * found by its listing), 7 downloads and 0.00 in February. android com.x, unknown (ZZ): 3 + 4
     * and 1.00 + 2.00 in January, named "X new" by its most recent row.
     */
    static Dataset<Row> appIntel() {
        return Frames.of(Silver.schema(Source.APP_INTEL), List.of("date", "store", "app_id", "unified_app_id",
                "app_name", "country", "downloads", "revenue_usd", "as_of", "dump_date", "source_file", "line_number"),
            List.of(
                new Object[] {day("2025-01-05"), "ios", "111", A1, "Reel old", "US", 10L, usd("1.50"), at("2025-01-05"),
                    day("2025-01-05"), "f1", 2L},
                new Object[] {day("2025-01-20"), "ios", "111", null, null, "US", 5L, usd("0.50"), at("2025-01-20"),
                    day("2025-01-20"), "f2", 2L},
                new Object[] {day("2025-02-03"), "ios", "111", A1, "Reel", "US", 7L, usd("0.00"), at("2025-02-03"),
                    day("2025-02-03"), "f3", 2L},
                new Object[] {day("2025-01-10"), "android", "com.x", null, "X old", "GB", 3L, usd("1.00"),
                    at("2025-01-10"), day("2025-01-10"), "f4", 2L},
                new Object[] {day("2025-01-11"), "android", "com.x", null, "X new", "GB", 4L, usd("2.00"),
                    at("2025-01-11"), day("2025-01-11"), "f5", 2L}));
    }

    @Test
    void downloadVolumeSumsEachMonthsDaysPerGrain() {
        Dataset<Row> volume = GoldTables.downloadVolume(appIntel(), AppResolutionTest.apps());
        assertEquals(Frames.namesAndTypes(LakeTable.GOLD_DOWNLOAD_VOLUME.schema()), Frames.namesAndTypes(volume.schema()));
        assertEquals(List.of(
            "2025-01-01|android|GB|android:com.x|X new|ZZ|7|3.00",
            "2025-01-01|ios|US|" + A1 + "|Reel|CN|15|2.00",
            "2025-02-01|ios|US|" + A1 + "|Reel|CN|7|0.00"), Frames.lines(volume, "month", "store"));
    }

    /** January: CN 2.00 and ZZ 3.00 of 5.00; February: CN 0.00 only, no share; Q1 and 2025 as January. */
    @Test
    void iapShareByOriginSharesEachPeriodsRevenue() {
        Dataset<Row> share = GoldTables.iapShareByOrigin(GoldTables.downloadVolume(appIntel(), AppResolutionTest.apps()));
        assertEquals(Frames.namesAndTypes(LakeTable.GOLD_IAP_SHARE_BY_ORIGIN.schema()), Frames.namesAndTypes(share.schema()));
        assertEquals(List.of(
            "month|2025-01-01|CN|2.00|0.4|1",
            "month|2025-01-01|ZZ|3.00|0.6|1",
            "month|2025-02-01|CN|0.00|null|0",
            "quarter|2025-01-01|CN|2.00|0.4|1",
            "quarter|2025-01-01|ZZ|3.00|0.6|1",
            "year|2025-01-01|CN|2.00|0.4|1",
            "year|2025-01-01|ZZ|3.00|0.6|1"), Frames.lines(share, "period_type", "period_start", "origin_country"));
    }

    /**
     * c1 (A1, meta) runs 15 January to 2 March: active three months, new in January; c2 (A1, meta)
     * only in February; c3 (android com.x, tiktok) on 31 January.
     */
    @Test
    void adMaterialCountsCountNewAndActiveMaterialsPerMonth() {
        Dataset<Row> creatives = Frames.of(Silver.schema(Source.AD_CREATIVES),
            List.of("creative_id", "unified_app_id", "store", "app_id", "network", "first_seen", "last_seen"), List.of(
                new Object[] {"c1", A1, null, null, "meta", day("2025-01-15"), day("2025-03-02")},
                new Object[] {"c2", A1, null, null, "meta", day("2025-02-01"), day("2025-02-10")},
                new Object[] {"c3", null, "android", "com.x", "tiktok", day("2025-01-31"), day("2025-01-31")}));
        Dataset<Row> counts = GoldTables.adMaterialCounts(creatives, AppResolutionTest.apps());
        assertEquals(Frames.namesAndTypes(LakeTable.GOLD_AD_MATERIAL_COUNTS.schema()), Frames.namesAndTypes(counts.schema()));
        assertEquals(List.of(
            "2025-01-01|meta|CN|" + A1 + "|1|1",
            "2025-01-01|tiktok|ZZ|android:com.x|1|1",
            "2025-02-01|meta|CN|" + A1 + "|1|2",
            "2025-03-01|meta|CN|" + A1 + "|0|1"), Frames.lines(counts, "month", "network"));
    }

    /**
     * c1 and c4 (A1, meta) both run January to March: one span of two; c2 (A1, meta) February only;
     * c3 (android com.x, tiktok) January only. Taking c2's span out leaves February with no new
     * material and the two of the long span active.
     */
    @Test
    void creativeSpansCountTheCreativesOfEachSpanAndGiveTheSameCountsSignedOrNot() {
        Dataset<Row> creatives = Frames.of(Silver.schema(Source.AD_CREATIVES),
            List.of("creative_id", "unified_app_id", "store", "app_id", "network", "first_seen", "last_seen"), List.of(
                new Object[] {"c1", A1, null, null, "meta", day("2025-01-15"), day("2025-03-02")},
                new Object[] {"c2", A1, null, null, "meta", day("2025-02-01"), day("2025-02-10")},
                new Object[] {"c3", null, "android", "com.x", "tiktok", day("2025-01-31"), day("2025-01-31")},
                new Object[] {"c4", A1, null, null, "meta", day("2025-01-20"), day("2025-03-05")}));
        Dataset<Row> spans = GoldTables.adCreativeSpans(creatives);
        assertEquals(Frames.namesAndTypes(LakeTable.SILVER_AD_CREATIVE_SPANS.schema()),
            Frames.namesAndTypes(spans.schema()));
        assertEquals(List.of(
            "null|android|com.x|tiktok|2025-01-01|2025-01-01|1",
            A1 + "|null|null|meta|2025-01-01|2025-03-01|2",
            A1 + "|null|null|meta|2025-02-01|2025-02-01|1"), Frames.lines(spans, "unified_app_id", "first_month"));
        Dataset<Row> c2Out = GoldTables.negated(spans.filter("first_month = DATE'2025-02-01'"));
        assertEquals(List.of(
            "2025-01-01|meta|CN|" + A1 + "|2|2",
            "2025-01-01|tiktok|ZZ|android:com.x|1|1",
            "2025-02-01|meta|CN|" + A1 + "|0|2",
            "2025-03-01|meta|CN|" + A1 + "|0|2"),
            Frames.lines(GoldTables.adMaterialCountsOfSpans(spans.unionByName(c2Out), AppResolutionTest.apps()),
                "month", "network"));
        // Summed, c2's span and its negation cancel and leave no row.
        assertEquals(2, GoldTables.sumSpans(spans.unionByName(c2Out)).count());
    }

    /**
     * {@link #appIntel()} plus, on 10 January, a later unnamed row of com.x (US): the named "X old"
     * stays that day's row; and on 5 January an earlier "Reel older" (GB) of A1, which "Reel old"
     * beats. One row per day and listing, and the volume named from them is the volume named from
     * every row.
     */
    @Test
    void listingDaysKeepEachDaysMostRecentNamedRowAndNameAsEveryRowWould() {
        Dataset<Row> intel = appIntel().unionByName(Frames.of(Silver.schema(Source.APP_INTEL), List.of("date", "store",
                "app_id", "unified_app_id", "app_name", "country", "downloads", "revenue_usd", "as_of", "dump_date",
                "source_file", "line_number"), List.of(
            new Object[] {day("2025-01-10"), "android", "com.x", null, null, "US", 1L, usd("0.10"), at("2025-01-12"),
                day("2025-01-12"), "f6", 2L},
            new Object[] {day("2025-01-05"), "ios", "111", A1, "Reel older", "GB", 2L, usd("0.20"), at("2025-01-04"),
                day("2025-01-05"), "f7", 2L})));
        Dataset<Row> days = GoldTables.listingDays(intel);
        assertEquals(Frames.namesAndTypes(LakeTable.SILVER_APP_LISTING_DAYS.schema()), Frames.namesAndTypes(days.schema()));
        assertEquals(List.of(
            "2025-01-05|" + A1 + "|ios|111|Reel old|f1",
            "2025-01-10|null|android|com.x|X old|f4",
            "2025-01-11|null|android|com.x|X new|f5",
            "2025-01-20|null|ios|111|null|f2",
            "2025-02-03|" + A1 + "|ios|111|Reel|f3"),
            Frames.lines(days.select("date", "unified_app_id", "store", "app_id", "app_name", "source_file"), "date"));
        assertEquals(Frames.lines(GoldTables.downloadVolume(intel, AppResolutionTest.apps()), "month", "store", "country"),
            Frames.lines(GoldTables.downloadVolume(intel, days, AppResolutionTest.apps()), "month", "store", "country"));
    }
}
