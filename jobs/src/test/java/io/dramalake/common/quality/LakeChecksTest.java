package io.dramalake.common.quality;

import static io.dramalake.jobs.Frames.at;
import static io.dramalake.jobs.Frames.day;
import static io.dramalake.jobs.Frames.usd;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dramalake.common.contract.Source;
import io.dramalake.common.lake.LakeTable;
import io.dramalake.jobs.Frames;
import io.dramalake.jobs.validate.Silver;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks of one silver and one gold table on frames whose metrics are worked out by hand. */
class LakeChecksTest {

    static String outcome(ConstraintOutcome o) {
        return o.severity() + " " + o.check() + ": " + (o.passed() ? "passed" : "failed") + " " + o.metricValue();
    }

    /** a1 twice and a2 with an unknown origin: 1 of 3 ids is unique; 2 of 3 origins are known. */
    @Test
    void silverAppsDuplicateIdBlocksAndUnknownOriginsWarn() {
        String a1 = "a".repeat(24);
        String a2 = "b".repeat(24);
        List<ConstraintOutcome> outcomes = LakeChecks.verify(LakeTable.SILVER_APPS, Frames.of(Silver.schema(Source.APPS),
            List.of("unified_app_id", "origin_country", "publisher_hq_country", "as_of", "dump_date"), List.of(
                new Object[] {a1, "CN", "CN", at("2025-01-01"), day("2025-01-01")},
                new Object[] {a1, "CN", null, at("2025-01-02"), day("2025-01-02")},
                new Object[] {a2, "ZZ", "SG", at("2025-01-01"), day("2025-01-01")})));
        assertEquals(List.of(
            "ERROR unified_app_id is complete and unique: passed 1.0",
            "ERROR unified_app_id is complete and unique: failed 0.3333333333333333",
            "ERROR countries are ISO codes: passed 1.0",
            "ERROR countries are ISO codes: passed 1.0",
            "ERROR countries are ISO codes: passed 1.0",
            "ERROR countries are ISO codes: passed 1.0",
            "WARNING most apps have a known origin: failed 0.6666666666666666"),
            outcomes.stream().map(LakeChecksTest::outcome).toList());
        assertEquals(1, outcomes.stream().filter(ConstraintOutcome::blocksPublication).count());
    }

    /** Two rows of one grain: the declared grain names the uniqueness check, and 0 of 2 rows are unique. */
    @Test
    void goldDownloadVolumeGrainComesFromTheTablesDeclaration() {
        List<ConstraintOutcome> outcomes = LakeChecks.verify(LakeTable.GOLD_DOWNLOAD_VOLUME,
            Frames.of(LakeTable.GOLD_DOWNLOAD_VOLUME.schema(), List.of("month", "store", "country", "app_key",
                "origin_country", "downloads", "revenue_usd"), List.of(
                new Object[] {day("2025-01-01"), "ios", "US", "k", "CN", 1L, usd("1.00")},
                new Object[] {day("2025-01-01"), "ios", "US", "k", "CN", 2L, usd("0.00")})));
        assertEquals(List.of(
            "ERROR grain columns are complete: passed 1.0",
            "ERROR grain columns are complete: passed 1.0",
            "ERROR grain columns are complete: passed 1.0",
            "ERROR grain columns are complete: passed 1.0",
            "ERROR grain columns are complete: passed 1.0",
            "ERROR grain (month, store, country, app_key) is unique: failed 0.0",
            "ERROR sums are non-negative: passed 1.0",
            "ERROR sums are non-negative: passed 1.0",
            "ERROR origin is an ISO code or ZZ: passed 1.0"),
            outcomes.stream().map(LakeChecksTest::outcome).toList());
    }
}
