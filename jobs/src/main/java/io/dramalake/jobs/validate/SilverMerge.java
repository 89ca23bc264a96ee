package io.dramalake.jobs.validate;

import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.array_union;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.dramalake.common.contract.Conformer;
import io.dramalake.common.contract.Recency;
import io.dramalake.common.contract.Source;
import io.dramalake.common.lake.LakeTable;
import io.dramalake.common.spark.ColumnNames;
import io.dramalake.jobs.RunContext;
import io.dramalake.jobs.ops.RowAccounting;
import io.dramalake.jobs.ops.RowAccounting.Entry;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;

/**
 * Merges one batch of valid records into a silver table, incrementally: only the batch's keys
 * are compared with what silver holds, and one MERGE commits the winners.
 */
final class SilverMerge {

    private static final String OUTCOME = "_outcome";
    private static final String INSERTED = "inserted";
    private static final String REPLACED = "replaced";
    private static final String LOST = "lost";
    private static final String EXISTING = "_e_";

    private final RunContext ctx;
    private final Source source;
    private final Interrupted interrupted;
    /** The batch's files (their paths below the landing root). */
    private final Object[] files;

    /** The days of the rows the merge wrote (app_intel only; null: every day of the table). */
    private Object[] writtenDays;

    /**
     * After {@link #merge} of app_intel: the days whose rows it wrote (they carry the run's ID), or
     * null when it created the table (every day is the run's).
     */
    Object[] writtenDays() {
        return writtenDays;
    }

    /** The earliest last_seen of the creatives merged (ad_creatives only; null: not known). */
    private Date mergedLastSeenFrom;

    /**
     * After {@link #merge} of ad_creatives into an existing table: a bound below every last_seen
     * the rows it wrote have (a merged row keeps the later of two), so a lookup of them can skip
     * the files of creatives that ended before; null when not known.
     */
    Date mergedLastSeenFrom() {
        return mergedLastSeenFrom;
    }

    SilverMerge(RunContext ctx, Source source, Interrupted interrupted, Object[] files) {
        this.ctx = ctx;
        this.source = source;
        this.interrupted = interrupted;
        this.files = files;
    }

    /**
     * Merges {@code valid} (conformed rows without a reason) and returns the accounting of its
     * records: accepted, superseded, and rows of earlier runs displaced.
     */
    List<Entry> merge(Dataset<Row> valid, Map<Date, Long> validPerDump) {
        return source == Source.AD_CREATIVES ? mergeCreatives(valid, validPerDump) : latestWins(valid, validPerDump);
    }

    /** Sections 3.1 and 3.2: per key, the most recent record wins; the others are superseded. */
    private List<Entry> latestWins(Dataset<Row> valid, Map<Date, Long> validPerDump) {
        List<String> key = Silver.key(source);
        Column[] keyCols = key.stream().map(k -> col(k)).toArray(Column[]::new);
        Dataset<Row> winners = valid
            .withColumn("_rn", row_number().over(Window.partitionBy(keyCols).orderBy(Recency.newestFirst())))
            .filter(col("_rn").equalTo(1)).drop("_rn");

        String targetFilter = null;
        Dataset<Row> existing = null;
        LakeTable table = Silver.table(source);
        if (ctx.tables().exists(table)) {
            Column days = null;
            if (source == Source.APP_INTEL) {
                // Only the batch's days can hold its keys: read (and rewrite) just those partitions.
                List<Date> dayList = valid.select("date").distinct().collectAsList().stream()
                    .map(r -> r.getDate(0)).toList();
                days = col("date").isin(dayList.toArray());
                targetFilter = "t.date IN (" + dayList.stream().map(d -> "DATE'" + d + "'")
                    .collect(Collectors.joining(",")) + ")";
            }
            List<Column> ex = new ArrayList<>();
            key.forEach(k -> ex.add(col(k)));
            Recency.COLUMNS.forEach(c -> ex.add(col(c).as(EXISTING + c)));
            Column[] projection = ex.toArray(Column[]::new);
            existing = (days == null ? ctx.tables().read(table) : ctx.tables().read(table).filter(days))
                .select(projection);
            Long before = interrupted.versionBefore(table);
            if (before != null) {
                // A killed attempt at this batch merged already: its rows stand in for the rows they
                // replaced, so the batch is judged (and counted) as that attempt judged it.
                Column ours = col(EXISTING + Conformer.SOURCE_FILE).isin(files);
                Dataset<Row> earlier = before < 0 ? existing.limit(0) : ctx.tables().readVersion(table, before);
                if (before >= 0) {
                    earlier = (days == null ? earlier : earlier.filter(days)).select(projection);
                }
                existing = existing.filter(ours.unary_$bang())
                    .unionByName(earlier.join(existing.filter(ours).select(keyCols), scalaSeq(key), "left_semi"));
            }
        }
        if (existing == null) {
            return createWith(winners, validPerDump);
        }
        Dataset<Row> judged = winners.join(existing, scalaSeq(key), "left")
            .withColumn(OUTCOME,
                when(col(EXISTING + Conformer.AS_OF).isNull(), lit(INSERTED))
                    .when(Recency.of("").gt(Recency.of(EXISTING)), lit(REPLACED))
                    .otherwise(lit(LOST)));
        judged = judged.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<Entry> entries = new ArrayList<>();
            Map<Date, Long> winnersPerDump = new HashMap<>();
            Map<Date, Long> lostPerDump = new HashMap<>();
            Map<Date, Long> acceptedPerDump = new HashMap<>();
            Map<Date, Long> displacedPerDump = new HashMap<>();
            boolean byDay = source == Source.APP_INTEL;
            Column[] groups = byDay
                ? new Column[] {col(Conformer.DUMP_DATE), col(EXISTING + Conformer.DUMP_DATE), col(OUTCOME), col("date")}
                : new Column[] {col(Conformer.DUMP_DATE), col(EXISTING + Conformer.DUMP_DATE), col(OUTCOME)};
            java.util.Set<Date> days = new java.util.TreeSet<>();
            for (Row r : judged.groupBy(groups).count().collectAsList()) {
                Date dump = r.getDate(0);
                long n = r.getLong(groups.length);
                if (byDay && !r.getString(2).equals(LOST)) {
                    days.add(r.getDate(3));
                }
                winnersPerDump.merge(dump, n, Long::sum);
                switch (r.getString(2)) {
                    case LOST -> lostPerDump.merge(dump, n, Long::sum);
                    case REPLACED -> {
                        acceptedPerDump.merge(dump, n, Long::sum);
                        displacedPerDump.merge(r.getDate(1), n, Long::sum);
                    }
                    default -> acceptedPerDump.merge(dump, n, Long::sum);
                }
            }
            for (Map.Entry<Date, Long> e : validPerDump.entrySet()) {
                Date dump = e.getKey();
                long superseded = e.getValue() - winnersPerDump.getOrDefault(dump, 0L) + lostPerDump.getOrDefault(dump, 0L);
                entries.add(entry(dump, RowAccounting.ACCEPTED, acceptedPerDump.getOrDefault(dump, 0L)));
                entries.add(entry(dump, RowAccounting.SUPERSEDED, superseded));
            }
            displacedPerDump.forEach((dump, n) -> entries.add(entry(dump, RowAccounting.DISPLACED, n)));
            if (byDay) {
                writtenDays = days.toArray();
            }

            Dataset<Row> upserts = judged.filter(col(OUTCOME).notEqual(lit(LOST)))
                .withColumn(Silver.RUN_ID, lit(ctx.runId()))
                .select(Arrays.stream(Silver.columns(source)).map(c -> col(c)).toArray(Column[]::new));
            long written = winnersPerDump.values().stream().mapToLong(Long::longValue).sum()
                - lostPerDump.values().stream().mapToLong(Long::longValue).sum();
            ctx.tables().upsert(Silver.table(source), ctx.tables().sized(upserts, written), key, targetFilter,
                Silver.partitions(source));
            return entries;
        } finally {
            judged.unpersist();
        }
    }

    /**
     * A new table: every winner is inserted, so the winners are written straight away (no
     * intermediate cache) and counted per dump from what was written.
     */
    private List<Entry> createWith(Dataset<Row> winners, Map<Date, Long> validPerDump) {
        ctx.tables().upsert(Silver.table(source), winners.withColumn(Silver.RUN_ID, lit(ctx.runId()))
            .select(Arrays.stream(Silver.columns(source)).map(c -> col(c)).toArray(Column[]::new)),
            Silver.key(source), null, Silver.partitions(source));
        Map<Date, Long> acceptedPerDump = new HashMap<>();
        countPerDump(ctx.tables().read(Silver.table(source)), acceptedPerDump);
        return acceptedAndSuperseded(validPerDump, acceptedPerDump);
    }

    /**
     * Section 3.3: one row per creative, merging all its valid records: earliest first_seen,
     * latest last_seen, the union of countries, every other field from the most recent record.
     * The batch is merged into silver by one MERGE that combines a known creative's row with the
     * batch's inside Delta, so only silver's matching files are read and rewritten.
     */
    private List<Entry> mergeCreatives(Dataset<Row> valid, Map<Date, Long> validPerDump) {
        List<String> latestFields = Arrays.stream(Silver.columns(source))
            .filter(c -> !COMBINED.contains(c) && !c.equals(Silver.RUN_ID)).toList();
        Dataset<Row> batch = valid.groupBy("creative_id").agg(
            min("first_seen").as("first_seen"),
            max("last_seen").as("last_seen"),
            array_sort(array_distinct(flatten(collect_list("countries")))).as("countries"),
            max_by(struct(latestFields.stream().map(c -> col(c)).toArray(Column[]::new)), Recency.of(""))
                .as("latest"));
        List<Column> out = new ArrayList<>();
        for (String c : Silver.columns(source)) {
            if (latestFields.contains(c)) {
                out.add(col("latest." + c).as(c));
            } else if (c.equals(Silver.RUN_ID)) {
                out.add(lit(ctx.runId()).as(c));
            } else {
                out.add(col(c));
            }
        }
        batch = batch.select(out.toArray(Column[]::new));

        LakeTable table = Silver.table(source);
        Map<Date, Long> acceptedPerDump = new HashMap<>();
        if (!ctx.tables().exists(table)) {
            // The table is written sorted by last_seen: the sort's sampling pass, the write and the
            // counts would each aggregate the batch again; cached, it is aggregated once.
            Dataset<Row> created = batch.persist(StorageLevel.MEMORY_AND_DISK());
            try {
                ctx.tables().replace(table, created);
                countPerDump(created, acceptedPerDump);
            } finally {
                created.unpersist();
            }
        } else {
            Long before = interrupted.versionBefore(table);
            ctx.tables().ensureProperties(table);
            Column batchNewer = Recency.of("s.").gt(Recency.of("t."));
            Map<String, Column> onMatch = new LinkedHashMap<>();
            onMatch.put("first_seen", least(col("t.first_seen"), col("s.first_seen")));
            onMatch.put("last_seen", greatest(col("t.last_seen"), col("s.last_seen")));
            onMatch.put("countries", array_sort(array_union(col("s.countries"),
                coalesce(col("t.countries"), col("s.countries")))));
            latestFields.forEach(c -> onMatch.put(c, when(batchNewer, col("s." + c)).otherwise(col("t." + c))));
            onMatch.put(Silver.RUN_ID, col("s." + Silver.RUN_ID));
            batch = batch.persist(StorageLevel.MEMORY_AND_DISK());
            try {
                if (before != null) {
                    acceptedPerDump.putAll(insertedBefore(batch, before));
                }
                // Delta joins the batch with every target row the condition admits, shuffling them
                // all; naming the batch's creatives keeps that to the rows being merged. A batch
                // too large to name (a reload) is merged against the whole table.
                String targetFilter = null;
                Row size = batch.agg(org.apache.spark.sql.functions.count(lit(1)), min("last_seen")).first();
                long creatives = size.getLong(0);
                mergedLastSeenFrom = size.getDate(1);
                if (creatives <= KEY_FILTER_LIMIT) {
                    java.util.Set<String> ids = new java.util.HashSet<>();
                    batch.select("creative_id").collectAsList().forEach(r -> ids.add(r.getString(0)));
                    targetFilter = ctx.tables().keyFilter("creative_id", ids);
                }
                ctx.tables().upsertCombining(table, ctx.tables().sized(batch, creatives), Silver.key(source),
                    targetFilter, onMatch);
            } finally {
                batch.unpersist();
            }
            // A creative is accepted under the dump of its newest record when this run inserted it.
            if (before == null) {
                long version = ctx.tables().version(table);
                countPerDump(ctx.tables().changes(table, version, version)
                    .filter(col("_change_type").equalTo("insert")), acceptedPerDump);
            }
        }
        return acceptedAndSuperseded(validPerDump, acceptedPerDump);
    }

    /**
     * Per dump, the batch's creatives that silver lacked before a killed attempt's commits (at
     * {@code before}): that attempt inserted them, and the rerun's merge only updates them.
     * Creatives whose newest record the attempt did not write were there already, or not at all.
     */
    private Map<Date, Long> insertedBefore(Dataset<Row> batch, long before) {
        LakeTable table = Silver.table(source);
        scala.collection.Seq<String> id = scalaSeq(List.of("creative_id"));
        Dataset<Row> current = ctx.tables().read(table).select("creative_id", Conformer.SOURCE_FILE)
            .join(batch.select("creative_id"), id, "left_semi");
        Column ours = col(Conformer.SOURCE_FILE).isin(files);
        Dataset<Row> known = current.filter(ours.unary_$bang()).select("creative_id");
        if (before >= 0) {
            known = known.unionByName(ctx.tables().readVersion(table, before).select("creative_id")
                .join(current.filter(ours), id, "left_semi"));
        }
        Map<Date, Long> perDump = new HashMap<>();
        countPerDump(batch.join(known, id, "left_anti"), perDump);
        return perDump;
    }

    /** Per dump: the records accepted, and the rest of its valid records as superseded. */
    private List<Entry> acceptedAndSuperseded(Map<Date, Long> validPerDump, Map<Date, Long> acceptedPerDump) {
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<Date, Long> e : validPerDump.entrySet()) {
            long accepted = acceptedPerDump.getOrDefault(e.getKey(), 0L);
            entries.add(entry(e.getKey(), RowAccounting.ACCEPTED, accepted));
            entries.add(entry(e.getKey(), RowAccounting.SUPERSEDED, e.getValue() - accepted));
        }
        return entries;
    }

    /** Batches of up to this many creatives name them in the MERGE condition. */
    private static final long KEY_FILTER_LIMIT = 1_000_000;

    /** The fields merged across a creative's records rather than taken from its newest one. */
    private static final List<String> COMBINED = List.of("creative_id", "first_seen", "last_seen", "countries");

    private static void countPerDump(Dataset<Row> creatives, Map<Date, Long> perDump) {
        for (Row r : creatives.groupBy(Conformer.DUMP_DATE).count().collectAsList()) {
            perDump.put(r.getDate(0), r.getLong(1));
        }
    }

    private Entry entry(Date dump, String metric, long rows) {
        return new Entry(source.folder(), dump.toLocalDate(), metric, null, rows);
    }

    private static scala.collection.Seq<String> scalaSeq(List<String> values) {
        return ColumnNames.seq(values);
    }
}
