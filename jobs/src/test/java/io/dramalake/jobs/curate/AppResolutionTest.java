package io.dramalake.jobs.curate;

import static io.dramalake.jobs.Frames.at;
import static io.dramalake.jobs.Frames.day;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dramalake.common.contract.Source;
import io.dramalake.jobs.Frames;
import io.dramalake.jobs.validate.Silver;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** Section 3.4 on a handful of facts: by id, by store listing, a listing two apps claim, unresolved. */
class AppResolutionTest {

    static final String A1 = "a".repeat(24);
    static final String A2 = "b".repeat(24);
    static final String A3 = "c".repeat(24);
    static final String UNKNOWN = "d".repeat(24);

    /** A1 (CN) lists ios 111 and android com.reel; A2 (US) and the newer A3 (SG) both list ios 222. */
    static Dataset<Row> apps() {
        return Frames.of(Silver.schema(Source.APPS),
            List.of("unified_app_id", "app_name", "origin_country", "store_ids", "as_of", "dump_date"), List.of(
                new Object[] {A1, "Reel", "CN", RowFactory.create("111", "com.reel"), at("2025-01-01"), day("2025-01-01")},
                new Object[] {A2, "Drama", "US", RowFactory.create("222", null), at("2025-01-02"), day("2025-01-02")},
                new Object[] {A3, "Dup", "SG", RowFactory.create("222", null), at("2025-01-05"), day("2025-01-05")}));
    }

    @Test
    void resolvesByIdThenByListingElseKeepsTheRecordsOwnKey() {
        Dataset<Row> facts = Frames.of(Silver.schema(Source.AD_CREATIVES),
            List.of("creative_id", "unified_app_id", "store", "app_id"), List.of(
                new Object[] {"1 by id", A1, "ios", "999"},
                new Object[] {"2 by listing", null, "android", "com.reel"},
                new Object[] {"3 listing claimed twice", null, "ios", "222"},
                new Object[] {"4 unknown id", UNKNOWN, "ios", "333"},
                new Object[] {"5 nothing known", null, "android", "com.none"},
                new Object[] {"6 unknown id, known listing", "e".repeat(24), "ios", "111"}));
        Dataset<Row> resolved = AppResolution.resolve(facts, apps())
            .select("creative_id", AppResolution.APP_KEY, AppResolution.RESOLVED_NAME, AppResolution.ORIGIN);
        assertEquals(List.of(
            "1 by id|" + A1 + "|Reel|CN",
            "2 by listing|" + A1 + "|Reel|CN",
            "3 listing claimed twice|" + A3 + "|Dup|SG",
            "4 unknown id|" + UNKNOWN + "|null|ZZ",
            "5 nothing known|android:com.none|null|ZZ",
            "6 unknown id, known listing|" + A1 + "|Reel|CN"), Frames.lines(resolved, "creative_id"));
    }
}
