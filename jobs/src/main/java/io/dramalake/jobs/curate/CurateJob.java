package io.dramalake.jobs.curate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.when;

import io.dramalake.common.contract.Rules;
import io.dramalake.common.contract.Source;
import io.dramalake.common.lake.LakeTable;
import io.dramalake.common.quality.ConstraintOutcome;
import io.dramalake.common.quality.LakeChecks;
import io.dramalake.common.spark.ColumnNames;
import io.dramalake.common.spark.LocalFrames;
import io.dramalake.common.spark.ShufflePartitions;
import io.dramalake.jobs.JobResult;
import io.dramalake.jobs.RunContext;
import io.dramalake.jobs.ops.QualityRecord;
import io.dramalake.jobs.validate.Silver;
import io.dramalake.jobs.validate.ValidateJob;
import java.sql.Date;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Silver → gold. Refuses while the latest verification of a silver table failed an error
 * check; computes the gold tables, verifies them, and publishes only when every error check passed.
 */
public final class CurateJob {

    private static final Logger LOG = LoggerFactory.getLogger(CurateJob.class);
    public static final String STAGE = "curate";

    /**
     * What a curation did; {@code silverVersions} names the silver state gold was built from;
     * {@code rebuilt}: gold was computed from the whole of silver, not updated for what changed.
     */
    public record Result(boolean published, Map<LakeTable, Long> rows, List<ConstraintOutcome> quality,
                         List<String> blockedBy, String silverVersions, boolean rebuilt) implements JobResult {
        /** Curate commits gold or the failed checks' verdicts, unless gold was already up to date. */
        @Override
        public boolean changedLake() {
            return !upToDate();
        }

        /** Silver had not changed since gold was built: nothing was read or written. */
        public boolean upToDate() {
            return published && rows.isEmpty() && quality.isEmpty();
        }

        @Override
        public boolean qualityFailed() {
            return !published;
        }

        @Override
        public String goldBuiltFrom() {
            return published ? silverVersions : null;
        }

        @Override
        public String summary() {
            if (upToDate()) {
                return "curate: gold is up to date (built from silver " + silverVersions + ")";
            }
            if (!published) {
                return "curate: nothing published to gold; failed error checks: " + String.join("; ", blockedBy);
            }
            long failed = quality.stream().filter(q -> !q.passed()).count();
            return "curate: " + rows.entrySet().stream().map(e -> e.getKey().qualifiedName() + "=" + e.getValue())
                .collect(Collectors.joining(", ")) + "; quality: " + quality.size() + " constraint(s), " + failed
                + " failed";
        }
    }

    private final RunContext ctx;
    /** Frames this run cached beyond the gold tables themselves; released when it ends. */
    private final List<Dataset<Row>> cached = new ArrayList<>();

    /** The bytes the run validated (uncompressed estimate), or -1 when unknown. */
    private final long batchBytes;

    public CurateJob(RunContext ctx) {
        this(ctx, -1);
    }

    /**
     * {@code batchBytes}: what this run validated; when silver's changes since gold was built are
     * this run's alone, the update is sized to that batch; otherwise to all of silver.
     */
    public CurateJob(RunContext ctx, long batchBytes) {
        this.ctx = ctx;
        this.batchBytes = batchBytes;
    }

    /** The silver tables' versions, e.g. {@code app_intel_daily=4,apps=2,ad_creatives=3}. */
    public static String silverVersions(RunContext ctx) {
        return SilverVersions.read(ctx).toString();
    }

    /**
     * What {@code curate} does: updates gold for what changed in silver since the versions gold was
     * last built from (whatever commands changed it), or rebuilds it when those are unknown.
     */
    public Result run() {
        Result r = runIfStale();
        return r != null ? r : new Result(true, Map.of(), List.of(), List.of(), silverVersions(ctx), false);
    }

    /** As {@link #run}, but null when gold is built from silver as it is now (nothing to do). */
    public Result runIfStale() {
        SilverVersions now = SilverVersions.read(ctx);
        SilverVersions base = SilverVersions.goldBuiltFrom(ctx);
        if (base != null && base.equals(now)) {
            return null;
        }
        boolean incremental = base != null && now.atOrAfter(base)
            && LakeTable.all().stream().filter(LakeTable::writtenByCurate).allMatch(t -> ctx.tables().exists(t));
        if (!incremental) {
            return rebuild();
        }
        // On a young lake, rebuilding gold costs less than updating it: an update's lookups and
        // merges are a fixed hundred-odd Spark jobs, a rebuild's work grows with silver.
        long silverMiB = silverFileBytes() >> 20;
        long rebuildBelow = rebuildBelowMiB(ctx.spark());
        if (silverMiB < rebuildBelow) {
            LOG.info("gold is rebuilt in full: silver is {} MiB, under {} ({} MiB)", silverMiB, REBUILD_BELOW_MIB,
                rebuildBelow);
            return rebuild();
        }
        // Gold is updated by adding the changes since base to it (ad material counts): a run that
        // published some gold and died before recording it would have its changes added twice.
        Set<String> goldWriters = new java.util.TreeSet<>();
        LakeTable.all().stream().filter(LakeTable::writtenByCurate)
            .map(t -> ctx.tables().lastDataCommitRun(t)).filter(java.util.Objects::nonNull).forEach(goldWriters::add);
        goldWriters.removeAll(io.dramalake.jobs.ops.RunLog.publishedGold(ctx, goldWriters));
        if (!goldWriters.isEmpty()) {
            LOG.warn("gold is rebuilt in full: run(s) {} wrote gold and did not finish", goldWriters);
            return rebuild();
        }
        Set<String> runs = CurateScope.runsSince(ctx, base);
        // This run's batch sizes its own changes; other runs' changes are at most all of silver.
        long bytes = batchBytes >= 0 && runs.equals(Set.of(ctx.runId())) ? batchBytes : silverBytes();
        return ShufflePartitions.sizedTo(ctx.spark(), bytes, () -> update(base)).orElseGet(this::rebuild);
    }

    /**
     * Updates gold for the silver commits after {@code base}; empty when the change feed or the
     * log does not cover them.
     */
    private java.util.Optional<Result> update(SilverVersions base) {
        CurateScope scope;
        try {
            scope = CurateScope.of(ctx, base);
        } catch (CurateScope.Unknown e) {
            LOG.warn("gold is rebuilt in full: {}", e.getMessage());
            return java.util.Optional.empty();
        } catch (Exception e) {
            // The change feed does not cover the span (switched on later, or vacuumed): rebuild.
            if (!(e instanceof org.apache.spark.sql.AnalysisException)) {
                throw e;
            }
            LOG.warn("gold is rebuilt in full: the changes since silver {} cannot be read ({})", base,
                e.getMessage().lines().findFirst().orElse(""));
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(run(scope));
    }

    /** Rebuilds every gold table from the whole of silver, with shuffles sized to silver. */
    public Result rebuild() {
        return ShufflePartitions.sizedTo(ctx.spark(), silverBytes(), () -> run(null));
    }

    /**
     * The Spark setting under which (MiB of silver's files) curate rebuilds gold rather than
     * update it. On the market year a rebuild took 10.2 s against an update's 20.4 s at 29 dumps
     * (17 MiB of silver), and 37.8 s against 35.9 s at 364 dumps (405 MiB).
     */
    public static final String REBUILD_BELOW_MIB = "spark.dramalake.curate.rebuildBelowMiB";
    static final long DEFAULT_REBUILD_BELOW_MIB = 256;

    /**
     * The session's value of {@link #REBUILD_BELOW_MIB}; a value that is not a whole number is an
     * {@link IllegalArgumentException} naming the setting (read up front too, so that a bad value
     * stops a command before it writes).
     */
    public static long rebuildBelowMiB(org.apache.spark.sql.SparkSession spark) {
        String v = spark.conf().get(REBUILD_BELOW_MIB, String.valueOf(DEFAULT_REBUILD_BELOW_MIB));
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(REBUILD_BELOW_MIB + ": '" + v + "' is not a whole number of MiB");
        }
    }

    /** All of silver, uncompressed. */
    private long silverBytes() {
        return silverFileBytes() * ShufflePartitions.COMPRESSION_FACTOR;
    }

    /** The bytes of silver's live files. */
    private long silverFileBytes() {
        return java.util.Arrays.stream(Source.values()).mapToLong(s -> ctx.tables().sizeInBytes(Silver.table(s))).sum();
    }

    /**
     * With a scope, rebuilds only the months it names (plus the names of the apps seen there) and
     * recomputes the small IAP-share table; without one, rebuilds everything.
     */
    public Result run(CurateScope scope) {
        ctx.describe("curate: silver -> gold" + (scope == null ? " (full rebuild)" : " (changed months)"));
        String versions = silverVersions(ctx);
        List<String> silverFailures = latestSilverFailures();
        if (!silverFailures.isEmpty() || (scope != null && scope.isEmpty())) {
            if (scope != null) {
                scope.release(); // its deltas are cached even when they hold nothing
            }
            return silverFailures.isEmpty() ? new Result(true, Map.of(), List.of(), List.of(), versions, scope == null)
                : new Result(false, Map.of(), List.of(), silverFailures, versions, scope == null);
        }
        // Read once (the scope has): resolution and the scope's lookups query it many times.
        Dataset<Row> apps = scope != null ? scope.apps() : LocalFrames.of(silver(Source.APPS));
        Dataset<Row> intel = silver(Source.APP_INTEL);
        Map<LakeTable, Dataset<Row>> gold = new LinkedHashMap<>();
        Dataset<Row> volumeAll;
        Dataset<Row> spans = null; // silver.ad_creative_spans as it is to be, when it changes
        // silver.app_listing_days as it is to be (every day), and the days of it to write.
        LakeTable listingTable = LakeTable.SILVER_APP_LISTING_DAYS;
        Dataset<Row> listingDays;
        Dataset<Row> freshListingDays = null;
        if (scope == null) {
            freshListingDays = GoldTables.listingDays(intel);
            listingDays = freshListingDays;
        } else if (!scope.listingDates().isEmpty()) {
            Column fresh = col("date").isin(scope.listingDates().toArray());
            freshListingDays = GoldTables.listingDays(intel.filter(fresh));
            listingDays = ctx.tables().read(listingTable).filter(fresh.unary_$bang()).unionByName(freshListingDays);
        } else {
            listingDays = ctx.tables().read(listingTable);
        }
        if (freshListingDays != null) {
            freshListingDays = freshListingDays.persist(StorageLevel.MEMORY_AND_DISK());
            cached.add(freshListingDays);
        }
        if (scope == null) {
            Dataset<Row> volume = GoldTables.downloadVolume(intel, listingDays, apps);
            gold.put(LakeTable.GOLD_DOWNLOAD_VOLUME, volume);
            volumeAll = null;
            spans = GoldTables.adCreativeSpans(silver(Source.AD_CREATIVES)).persist(StorageLevel.MEMORY_AND_DISK());
            cached.add(spans);
            gold.put(LakeTable.GOLD_AD_MATERIAL_COUNTS, GoldTables.adMaterialCountsOfSpans(spans, apps));
        } else {
            if (!scope.spanMonths().isEmpty()) {
                // The partitions' spans as they were plus what the run changed.
                spans = GoldTables.sumSpans(ctx.tables().read(LakeTable.SILVER_AD_CREATIVE_SPANS)
                    .filter(col("last_month").isin(scope.spanMonths().toArray())).unionByName(scope.spanDeltas()));
            }
            volumeAll = scopedVolume(scope, intel, listingDays, apps, gold);
            if (!scope.adMonths().isEmpty()) {
                // The months' counts as they were plus what the run changed; a grain row whose
                // creatives all moved away is gone.
                Dataset<Row> current = ctx.tables().read(LakeTable.GOLD_AD_MATERIAL_COUNTS)
                    .filter(col("month").isin(scope.adMonths().toArray()));
                gold.put(LakeTable.GOLD_AD_MATERIAL_COUNTS,
                    GoldTables.sumCounts(current.unionByName(scope.adCountDeltas()))
                        .filter(col("active_creatives").gt(0)));
            }
        }
        if (scope == null || volumeAll != null) {
            // Full: derived from the download volume computed (and cached) above.
            gold.put(LakeTable.GOLD_IAP_SHARE_BY_ORIGIN, GoldTables.iapShareByOrigin(
                scope == null ? gold.get(LakeTable.GOLD_DOWNLOAD_VOLUME) : volumeAll));
        }
        try {
            Map<LakeTable, Long> rows = new LinkedHashMap<>();
            List<ConstraintOutcome> quality = new ArrayList<>();
            for (Map.Entry<LakeTable, Dataset<Row>> e : gold.entrySet()) {
                Dataset<Row> table = e.getValue().persist(StorageLevel.MEMORY_AND_DISK());
                e.setValue(table);
                long n = table.count();
                rows.put(e.getKey(), n);
                if (n > 0) {
                    quality.addAll(LakeChecks.verify(e.getKey(), table));
                }
            }
            QualityRecord.append(ctx, STAGE, quality);
            List<String> blocked = quality.stream().filter(ConstraintOutcome::blocksPublication)
                .map(q -> q.table() + ": " + q.check() + " (" + q.message() + ")").toList();
            if (!blocked.isEmpty()) {
                return new Result(false, rows, quality, blocked, versions, scope == null);
            }
            publish(scope, gold, spans, freshListingDays);
            LOG.info("gold published{}: {}", scope == null ? "" : " for " + scope, rows);
            return new Result(true, rows, quality, List.of(), versions, scope == null);
        } finally {
            gold.values().forEach(Dataset::unpersist);
            if (volumeAll != null) {
                volumeAll.unpersist();
            }
            cached.forEach(Dataset::unpersist);
            if (scope != null) {
                scope.release();
            }
        }
    }

    /**
     * The download-volume rows of the scope's months, plus rows of other months whose unresolved
     * app got a newer name, into {@code gold}; returns the whole new table's revenue rows for the
     * IAP shares (unchanged months from gold, the scope's months recomputed), or null when no month
     * changed.
     */
    private Dataset<Row> scopedVolume(CurateScope scope, Dataset<Row> intel, Dataset<Row> listingDays,
                                      Dataset<Row> apps, Map<LakeTable, Dataset<Row>> gold) {
        if (scope.volumeMonths().isEmpty()) {
            return null;
        }
        Object[] months = scope.volumeMonths().toArray();
        Column inScope = trunc(col("date"), "month").isin(months);
        Dataset<Row> rows = intel.filter(inScope);
        // Only apps that silver.apps does not name take their name from app_intel rows, so only
        // their keys need the lookup (in the listing days, a row per day and listing).
        Dataset<Row> unnamed = AppResolution.resolve(rows, apps).filter(col(AppResolution.RESOLVED_NAME).isNull());
        Set<String> ids = new HashSet<>();
        Set<String> listings = new HashSet<>();
        for (Row r : unnamed.select(col("unified_app_id"), concat(col("store"), lit(":"), col("app_id")),
            col(AppResolution.APP_KEY)).distinct().collectAsList()) {
            if (!r.isNullAt(0)) {
                ids.add(r.getString(0));
            }
            listings.add(r.getString(1));
            ids.add(r.getString(2));
            listings.add(r.getString(2));
        }
        for (Row r : apps.filter(col("unified_app_id").isin(ids.toArray()))
            .select(concat(lit(Rules.IOS + ":"), col("store_ids.ios")),
                concat(lit(Rules.ANDROID + ":"), col("store_ids.android"))).collectAsList()) {
            for (int i = 0; i < 2; i++) {
                if (!r.isNullAt(i)) {
                    listings.add(r.getString(i));
                }
            }
        }
        Dataset<Row> nameRows = listingDays.filter(col("unified_app_id").isin(ids.toArray())
            .or(concat(col("store"), lit(":"), col("app_id")).isin(listings.toArray())));
        Dataset<Row> recomputed = GoldTables.downloadVolume(rows, nameRows, apps)
            .persist(StorageLevel.MEMORY_AND_DISK());
        // Left cached, its plan kept its broadcast join relations (64 MiB pages each) for good.
        cached.add(recomputed);

        Dataset<Row> old = ctx.tables().read(LakeTable.GOLD_DOWNLOAD_VOLUME);
        Column outOfScope = col("month").isin(months).unary_$bang();
        Dataset<Row> names = recomputed.select(col(AppResolution.APP_KEY).as("_key"), col("app_name").as("_name"))
            .distinct();
        Dataset<Row> renamed = old.filter(outOfScope)
            .join(names, col(AppResolution.APP_KEY).equalTo(col("_key")))
            .filter(col("app_name").eqNullSafe(col("_name")).unary_$bang())
            .withColumn("app_name", col("_name"))
            .select(recomputed.columns()[0], java.util.Arrays.copyOfRange(recomputed.columns(), 1,
                recomputed.columns().length));
        gold.put(LakeTable.GOLD_DOWNLOAD_VOLUME, recomputed.unionByName(renamed));
        String[] revenue = {"month", AppResolution.ORIGIN, AppResolution.APP_KEY, "revenue_usd"};
        return old.filter(outOfScope).select(revenue[0], java.util.Arrays.copyOfRange(revenue, 1, 4))
            .unionByName(recomputed.select(revenue[0], java.util.Arrays.copyOfRange(revenue, 1, 4)))
            .persist(StorageLevel.MEMORY_AND_DISK());
    }

    /**
     * One commit per gold table: whole tables without a scope, the scope's months with one; then the
     * creative spans (whole, or the partitions the scope changed) and the listing days (whole, or the
     * scope's days); null: unchanged.
     */
    private void publish(CurateScope scope, Map<LakeTable, Dataset<Row>> gold, Dataset<Row> spans,
                         Dataset<Row> listingDays) {
        for (Map.Entry<LakeTable, Dataset<Row>> e : gold.entrySet()) {
            LakeTable table = e.getKey();
            Dataset<Row> data = e.getValue();
            boolean monthly = table != LakeTable.GOLD_IAP_SHARE_BY_ORIGIN;
            if (scope == null || !monthly || !ctx.tables().exists(table)) {
                ctx.tables().replace(table, data.repartition(1), monthly ? new String[] {"month"} : new String[0]);
            } else if (table == LakeTable.GOLD_DOWNLOAD_VOLUME) {
                ctx.tables().sync(table, data, GRAIN_VOLUME, datesIn("t.month", scope.volumeMonths()));
            } else {
                ctx.tables().replaceWhere(table, data.repartition(1), datesIn("month", scope.adMonths()));
            }
        }
        if (spans != null) {
            LakeTable table = LakeTable.SILVER_AD_CREATIVE_SPANS;
            // One file per last month, as a daily run rewrites one or two of them.
            Dataset<Row> data = spans.repartition(col("last_month"));
            if (scope == null) {
                ctx.tables().replace(table, data, table.partitionColumns());
            } else {
                ctx.tables().replaceWhere(table, data, datesIn("last_month", scope.spanMonths()));
            }
        }
        if (listingDays != null) {
            LakeTable table = LakeTable.SILVER_APP_LISTING_DAYS;
            // One file per month; a day's replacement rewrites its month's.
            Dataset<Row> data = listingDays.repartition(col("month"));
            if (scope == null) {
                ctx.tables().replace(table, data, table.partitionColumns());
            } else {
                Set<Date> months = new java.util.TreeSet<>();
                scope.listingDates().forEach(d -> months.add(Date.valueOf(d.toLocalDate().withDayOfMonth(1))));
                ctx.tables().replaceWhere(table, data, datesIn("month", months) + " AND "
                    + datesIn("date", scope.listingDates()));
            }
        }
    }

    private static final List<String> GRAIN_VOLUME = LakeTable.GOLD_DOWNLOAD_VOLUME.key();

    private static String datesIn(String column, Set<Date> months) {
        return column + " IN (" + months.stream().map(m -> "DATE'" + m + "'").collect(Collectors.joining(","))
            + ")";
    }

    private Dataset<Row> silver(Source source) {
        return ctx.tables().readOrEmpty(Silver.table(source), Silver.schema(source));
    }

    /** Error checks that failed in the latest verification of each silver table. */
    private List<String> latestSilverFailures() {
        if (!ctx.tables().exists(LakeTable.OPS_QUALITY_RESULTS)) {
            return List.of();
        }
        // One scan and one grouping: per verification (table, time) its failed error checks; the
        // latest verification of each table is picked from those few rows on the driver.
        Column failed = col("severity").equalTo(QualityRecord.ERROR).and(col("status").equalTo(QualityRecord.FAILURE));
        Map<String, Row> latest = new java.util.TreeMap<>();
        for (Row r : ctx.tables().read(LakeTable.OPS_QUALITY_RESULTS)
            .filter(col("stage").equalTo(lit(ValidateJob.STAGE)))
            .groupBy("table_name", "recorded_at")
            .agg(collect_list(when(failed, concat(col("table_name"), lit(": "), col("check"), lit(" (validate run "),
                col("run_id"), lit(")")))).as("failed"))
            .collectAsList()) {
            latest.merge(r.getString(0), r, (a, b) -> b.getTimestamp(1).after(a.getTimestamp(1)) ? b : a);
        }
        return latest.values().stream().flatMap(r -> r.<String>getList(2).stream()).distinct().toList();
    }
}
