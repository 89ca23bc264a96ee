package io.dramalake.jobs.curate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trunc;

import io.dramalake.common.contract.Rules;
import io.dramalake.common.contract.Source;
import io.dramalake.common.lake.LakeTable;
import io.dramalake.common.spark.LocalFrames;
import io.dramalake.jobs.RunContext;
import io.dramalake.jobs.validate.Silver;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * The gold a run can have changed, found from the silver commits it made and from the apps whose
 * name, origin or store listings it changed (compared with the apps table as it was before the
 * run). Download volume: the months of the days whose files the commits changed (from the Delta
 * log) and those a changed app has rows in, recomputed. Ad material counts: per grain row,
 * the change in counts ({@code adCountDeltas}, null before any creative exists), from
 * silver.ad_creatives' change feed — each merged creative's months counted out as it was and in as
 * it is — so a daily run reads what it changed, not the year of creatives. Gold outside these
 * months is left as it is. {@code apps}: silver.apps as the scope read it (held on the driver), for
 * gold to resolve with. {@code spanDeltas}: how the change feed changed silver.ad_creative_spans
 * (signed counts, null like the ad deltas), in the partitions {@code spanMonths}.
 * {@code listingDates}: the days of silver.app_listing_days to recompute.
 */
public record CurateScope(Set<Date> volumeMonths, Set<Date> adMonths, Dataset<Row> adCountDeltas, Dataset<Row> apps,
                          Set<Date> spanMonths, Dataset<Row> spanDeltas, Set<Date> listingDates) {

    /** What the runs changed cannot be told from the lake's logs: gold is rebuilt instead. */
    public static final class Unknown extends RuntimeException {
        Unknown(String message) {
            super(message);
        }
    }

    static final List<String> AD_GRAIN = LakeTable.GOLD_AD_MATERIAL_COUNTS.key();

    /** The runs that made the silver commits after {@code base}, read from the commits' logs. */
    public static Set<String> runsSince(RunContext ctx, SilverVersions base) {
        Set<String> runs = new TreeSet<>();
        for (java.util.Map.Entry<LakeTable, Long> e : base.versions().entrySet()) {
            long now = ctx.tables().version(e.getKey());
            if (now > e.getValue()) {
                ctx.tables().recentCommitRuns(e.getKey(), (int) Math.min(Integer.MAX_VALUE, now - e.getValue()))
                    .forEach((version, run) -> {
                        if (version > e.getValue() && run != null) {
                            runs.add(run);
                        }
                    });
            }
        }
        return runs;
    }

    /** The scope of the silver commits since silver was at {@code versionsBefore}. */
    public static CurateScope of(RunContext ctx, SilverVersions versionsBefore) {
        long appsVersionBefore = versionsBefore.of(LakeTable.SILVER_APPS);
        // Both versions of the apps, read once each (a few thousand rows): every lookup below is then
        // answered on the driver.
        Dataset<Row> apps = LocalFrames.of(ctx.tables().readOrEmpty(LakeTable.SILVER_APPS, Silver.schema(Source.APPS)));
        Dataset<Row> appsBefore = appsVersionBefore < 0 ? apps.limit(0)
            : LocalFrames.of(ctx.tables().readVersion(LakeTable.SILVER_APPS, appsVersionBefore));
        // Apps added, changed in what resolution reads, or gone: their old and new listings and ids
        // (compared on the driver, where both versions are).
        java.util.Map<String, Row> digestsNow = digests(apps);
        java.util.Map<String, Row> digestsBefore = digests(appsBefore);
        Set<String> changedIds = new TreeSet<>();
        digestsNow.forEach((id, d) -> {
            if (!d.equals(digestsBefore.get(id))) {
                changedIds.add(id);
            }
        });
        digestsBefore.keySet().stream().filter(id -> !digestsNow.containsKey(id)).forEach(changedIds::add);
        List<String> ids = new ArrayList<>(changedIds);
        List<String> listings = new ArrayList<>();
        for (Dataset<Row> version : List.of(apps, appsBefore)) {
            version.filter(col("unified_app_id").isin(ids.toArray()))
                .select(concat(lit(Rules.IOS + ":"), col("store_ids.ios")), concat(lit(Rules.ANDROID + ":"),
                    col("store_ids.android")))
                .collectAsList().forEach(r -> {
                    for (int i = 0; i < 2; i++) {
                        if (!r.isNullAt(i)) {
                            listings.add(r.getString(i));
                        }
                    }
                });
        }
        Column resolvesToChangedApp = ids.isEmpty() ? null : col("unified_app_id").isin(ids.toArray())
            .or(concat(col("store"), lit(":"), col("app_id")).isin(listings.toArray()));

        // The days whose app_intel files the runs changed, from the log: their months' volume and
        // their listing days are recomputed. Then the months a changed app has rows in.
        Set<Date> volume = new TreeSet<>();
        Set<Date> listingDates = new TreeSet<>();
        LakeTable intel = LakeTable.SILVER_APP_INTEL_DAILY;
        if (ctx.tables().exists(intel)) {
            Set<String> days = ctx.tables().changedPartitions(intel, versionsBefore.of(intel) + 1,
                ctx.tables().version(intel), "date").orElseThrow(() -> new Unknown(
                    "the log of " + intel.qualifiedName() + " no longer has every commit since version "
                        + versionsBefore.of(intel)));
            for (String day : days) {
                if (day == null) {
                    throw new Unknown(intel.qualifiedName() + " has a file without a date");
                }
                Date date = Date.valueOf(day);
                listingDates.add(date);
                volume.add(Date.valueOf(date.toLocalDate().withDayOfMonth(1)));
            }
            if (resolvesToChangedApp != null) {
                ctx.tables().read(LakeTable.SILVER_APP_LISTING_DAYS).filter(resolvesToChangedApp)
                    .select(trunc(col("date"), "month")).distinct().collectAsList()
                    .forEach(r -> volume.add(r.getDate(0)));
            }
        }
        Set<Date> ads = new TreeSet<>();
        Set<Date> spanMonths = new TreeSet<>();
        if (!ctx.tables().exists(LakeTable.SILVER_AD_CREATIVES)) {
            return new CurateScope(volume, ads, null, apps, spanMonths, null, listingDates);
        }
        List<Dataset<Row>> inputs = new ArrayList<>();
        Dataset<Row>[] deltas = adCountDeltas(ctx, versionsBefore.of(LakeTable.SILVER_AD_CREATIVES), apps, appsBefore,
            resolvesToChangedApp, inputs);
        deltas[0].select("month").distinct().collectAsList().forEach(r -> ads.add(r.getDate(0)));
        deltas[1].select("last_month").distinct().collectAsList().forEach(r -> spanMonths.add(r.getDate(0)));
        inputs.forEach(Dataset::unpersist); // both deltas are cached now
        return new CurateScope(volume, ads, deltas[0], apps, spanMonths, deltas[1], listingDates);
    }

    /**
     * Per ad-material grain row, how the run changed {@code new_creatives} and
     * {@code active_creatives} (rows whose change is zero left out), and per creative span how its
     * count changed; both persisted. The frames they are computed from are cached too, and added to
     * {@code inputs} to be released once both deltas are. A creative counts out as it was (its
     * pre-image in the change feed, resolved with the apps as they were) and in as it is; the
     * unchanged creatives of changed apps count out and in too, read from silver.ad_creative_spans
     * (as gold was built from it).
     */
    @SuppressWarnings("unchecked")
    private static Dataset<Row>[] adCountDeltas(RunContext ctx, long versionBefore, Dataset<Row> apps,
                                                Dataset<Row> appsBefore, Column resolvesToChangedApp,
                                                List<Dataset<Row>> inputs) {
        LakeTable table = LakeTable.SILVER_AD_CREATIVES;
        long versionNow = ctx.tables().version(table);
        Dataset<Row> changes = versionNow > versionBefore
            ? ctx.tables().changes(table, versionBefore + 1, versionNow)
            : ctx.tables().read(table).limit(0).withColumn(CHANGE_TYPE, lit("none"))
                .withColumn(COMMIT_VERSION, lit(0L));
        // Over several commits a creative counts out as it was before the first and in as it is after
        // the last (its images in between cancel, and are not resolved twice with different apps).
        org.apache.spark.sql.expressions.WindowSpec perCreative =
            org.apache.spark.sql.expressions.Window.partitionBy("creative_id");
        changes = changes.withColumn("_first", org.apache.spark.sql.functions.min(COMMIT_VERSION).over(perCreative))
            .withColumn("_last", org.apache.spark.sql.functions.max(COMMIT_VERSION).over(perCreative));
        Column out = col(CHANGE_TYPE).isin("update_preimage", "delete");
        // The feed is read once for both the counts and the spans.
        Dataset<Row> images = changes.filter(out.and(col(COMMIT_VERSION).equalTo(col("_first")))
                .or(col(CHANGE_TYPE).isin("update_postimage", "insert").and(col(COMMIT_VERSION).equalTo(col("_last")))))
            .select(col("unified_app_id"), col("store"), col("app_id"), col("network"), col("first_seen"),
                col("last_seen"), out.as("_out"))
            .persist(StorageLevel.MEMORY_AND_DISK());
        inputs.add(images);
        Dataset<Row> before = GoldTables.adCreativeSpans(images.filter(col("_out")));
        Dataset<Row> after = GoldTables.adCreativeSpans(images.filter(col("_out").unary_$bang()));
        Dataset<Row> spanDeltas = GoldTables.sumSpans(after.unionByName(GoldTables.negated(before)))
            .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> outSpans = before;
        Dataset<Row> inSpans = after;
        if (resolvesToChangedApp != null) {
            // The changed apps' creatives as they were, less those the feed counts already.
            Dataset<Row> unchanged = ctx.tables().read(LakeTable.SILVER_AD_CREATIVE_SPANS).filter(resolvesToChangedApp)
                .unionByName(GoldTables.negated(before.filter(resolvesToChangedApp)))
                .persist(StorageLevel.MEMORY_AND_DISK()); // counted out and in: read once
            inputs.add(unchanged);
            outSpans = outSpans.unionByName(unchanged);
            inSpans = inSpans.unionByName(unchanged);
        }
        // Counted out: the spans negated (counts are linear in them), resolved with the apps as they were.
        Dataset<Row> outCounts = GoldTables.adMaterialCountsOfSpans(GoldTables.negated(outSpans), appsBefore);
        Dataset<Row> counts = GoldTables.sumCounts(GoldTables.adMaterialCountsOfSpans(inSpans, apps).unionByName(outCounts))
            .filter(col("new_creatives").notEqual(0).or(col("active_creatives").notEqual(0)))
            .persist(StorageLevel.MEMORY_AND_DISK());
        return new Dataset[] {counts, spanDeltas};
    }

    private static final String CHANGE_TYPE = "_change_type";
    private static final String COMMIT_VERSION = "_commit_version";

    /** Per app, what resolution reads of it. */
    private static java.util.Map<String, Row> digests(Dataset<Row> apps) {
        java.util.Map<String, Row> digests = new java.util.HashMap<>();
        for (Row r : apps.select(col("unified_app_id"), functionsStruct().as("digest")).collectAsList()) {
            digests.put(r.getString(0), r.getStruct(1));
        }
        return digests;
    }

    private static Column functionsStruct() {
        return org.apache.spark.sql.functions.struct(col("app_name"), col("origin_country"), col("store_ids"));
    }

    public boolean isEmpty() {
        return volumeMonths.isEmpty() && adMonths.isEmpty() && spanMonths.isEmpty() && listingDates.isEmpty();
    }

    /** Releases the cached deltas. */
    public void release() {
        if (adCountDeltas != null) {
            adCountDeltas.unpersist();
            spanDeltas.unpersist();
        }
    }

    @Override
    public String toString() {
        return "months: download_volume " + volumeMonths + ", ad_material_counts " + adMonths
            + " (counts changed from the change feed)";
    }
}
