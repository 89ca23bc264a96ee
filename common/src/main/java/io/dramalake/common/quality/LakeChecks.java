package io.dramalake.common.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import io.dramalake.common.contract.Rules;
import io.dramalake.common.lake.LakeTable;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The Deequ checks of every silver and gold table, and their severities. */
public final class LakeChecks {

    private static final List<String> STORES = List.of(Rules.IOS, Rules.ANDROID);

    private LakeChecks() {
    }

    private static List<String> isoCountries() {
        return new ArrayList<>(new TreeSet<>(Rules.ISO_COUNTRIES));
    }

    private static List<String> origins() {
        List<String> o = isoCountries();
        o.add(Rules.UNKNOWN_ORIGIN);
        return o;
    }

    /** The table's declared key (gold: grain). */
    private static String[] key(LakeTable table) {
        return table.key().toArray(String[]::new);
    }

    /** The key as the checks' descriptions name it, e.g. {@code (creative_id)}. */
    private static String columns(LakeTable table) {
        return "(" + String.join(", ", table.key()) + ")";
    }

    /** Verifies one table's content; empty tables have nothing to verify. */
    public static List<ConstraintOutcome> verify(LakeTable table, Dataset<Row> data) {
        String name = table.qualifiedName();
        List<ConstraintOutcome> out = new ArrayList<>();
        switch (table) {
            case SILVER_APP_INTEL_DAILY -> out.addAll(Deequ.verify(name, data, List.of(
                Deequ.check(Severity.ERROR, "key columns are complete")
                    .isComplete("date").isComplete("store").isComplete("app_id").isComplete("country"),
                Deequ.check(Severity.ERROR, "key " + columns(table) + " is unique").isUnique(key(table)),
                Deequ.check(Severity.ERROR, "counts are complete and non-negative")
                    .isComplete("downloads").isComplete("revenue_usd")
                    .isNonNegative("downloads").isNonNegative("revenue_usd"),
                Deequ.check(Severity.ERROR, "store and country are allowed values")
                    .isContainedIn("store", STORES).isContainedIn("country", isoCountries()),
                Deequ.check(Severity.WARNING, "most rows carry an app name")
                    .satisfiesForShare("app_name IS NOT NULL", "app_name present", s -> s >= 0.9))));
            case SILVER_APPS -> out.addAll(Deequ.verify(name, data, List.of(
                Deequ.check(Severity.ERROR, "unified_app_id is complete and unique")
                    .isComplete("unified_app_id").isUnique("unified_app_id"),
                Deequ.check(Severity.ERROR, "countries are ISO codes")
                    .isComplete("origin_country").isContainedIn("origin_country", origins())
                    .isContainedIn("publisher_hq_country", isoCountries())
                    .isContainedIn("parent_hq_country", isoCountries()),
                Deequ.check(Severity.WARNING, "most apps have a known origin")
                    .satisfiesForShare("origin_country <> 'ZZ'", "origin known", s -> s >= 0.8))));
            case SILVER_AD_CREATIVES -> out.addAll(Deequ.verify(name, data, List.of(
                Deequ.check(Severity.ERROR, "creative_id is complete and unique")
                    .isComplete("creative_id").isUnique("creative_id"),
                Deequ.check(Severity.ERROR, "seen range is complete and ordered")
                    .isComplete("first_seen").isComplete("last_seen")
                    .satisfies("first_seen <= last_seen", "first_seen <= last_seen"),
                Deequ.check(Severity.ERROR, "network, media type and store are allowed values")
                    .isContainedIn("network", Rules.NETWORKS).isContainedIn("media_type", Rules.MEDIA_TYPES)
                    .isContainedIn("store", STORES),
                Deequ.check(Severity.ERROR, "the advertised app is identified")
                    .satisfies("unified_app_id IS NOT NULL OR (store IS NOT NULL AND app_id IS NOT NULL)",
                        "app identified"),
                Deequ.check(Severity.WARNING, "impressions are non-negative").isNonNegative("impressions"))));
            case GOLD_DOWNLOAD_VOLUME -> out.addAll(Deequ.verify(name, data, List.of(
                Deequ.check(Severity.ERROR, "grain columns are complete")
                    .isComplete("month").isComplete("store").isComplete("country").isComplete("app_key")
                    .isComplete("origin_country"),
                Deequ.check(Severity.ERROR, "grain " + columns(table) + " is unique").isUnique(key(table)),
                Deequ.check(Severity.ERROR, "sums are non-negative")
                    .isNonNegative("downloads").isNonNegative("revenue_usd"),
                Deequ.check(Severity.ERROR, "origin is an ISO code or ZZ").isContainedIn("origin_country", origins()))));
            case GOLD_IAP_SHARE_BY_ORIGIN -> {
                out.addAll(Deequ.verify(name, data, List.of(
                    Deequ.check(Severity.ERROR, "grain columns are complete")
                        .isComplete("period_type").isComplete("period_start").isComplete("origin_country"),
                    Deequ.check(Severity.ERROR, "grain " + columns(table) + " is unique").isUnique(key(table)),
                    Deequ.check(Severity.ERROR, "period types and values are valid")
                        .isContainedIn("period_type", List.of("month", "quarter", "year"))
                        .isNonNegative("revenue_usd").isNonNegative("paying_apps")
                        .satisfies("share IS NULL OR (share >= 0 AND share <= 1)", "share in [0, 1]"))));
                Dataset<Row> periods = data.groupBy("period_type", "period_start")
                    .agg(sum(col("share")).as("share_sum"), sum(col("revenue_usd")).as("revenue_usd"));
                out.addAll(Deequ.verify(name, periods, List.of(
                    Deequ.check(Severity.ERROR, "shares of each period with revenue add up to 1")
                        .satisfies("revenue_usd = 0 OR abs(share_sum - 1) < 1e-9", "period shares sum to 1"))));
            }
            case GOLD_AD_MATERIAL_COUNTS -> out.addAll(Deequ.verify(name, data, List.of(
                Deequ.check(Severity.ERROR, "grain columns are complete")
                    .isComplete("month").isComplete("network").isComplete("origin_country").isComplete("app_key"),
                Deequ.check(Severity.ERROR, "grain " + columns(table) + " is unique").isUnique(key(table)),
                Deequ.check(Severity.ERROR, "counts are consistent")
                    .isNonNegative("new_creatives")
                    .satisfies("active_creatives >= new_creatives", "active_creatives >= new_creatives"))));
            default -> throw new IllegalArgumentException("no checks are defined for " + name);
        }
        return out;
    }
}
