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
import io.dramalake.jobs.RunContext;
import io.dramalake.jobs.ops.RowAccounting;
import io.dramalake.jobs.ops.RowAccounting.Entry;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
    private static final String MERGED = "merged";
    private static final String EXISTING = "_e_";

    private final RunContext ctx;
    private final Source source;

    SilverMerge(RunContext ctx, Source source) {
        this.ctx = ctx;
        this.source = source;
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
        if (ctx.tables().exists(Silver.table(source))) {
            existing = ctx.tables().read(Silver.table(source));
            if (source == Source.APP_INTEL) {
                // Only the batch's days can hold its keys: read (and rewrite) just those partitions.
                List<Date> days = valid.select("date").distinct().collectAsList().stream()
                    .map(r -> r.getDate(0)).toList();
                existing = existing.filter(col("date").isin(days.toArray()));
                targetFilter = "t.date IN (" + days.stream().map(d -> "DATE'" + d + "'")
                    .collect(Collectors.joining(",")) + ")";
            }
            List<Column> ex = new ArrayList<>();
            key.forEach(k -> ex.add(col(k)));
            Recency.COLUMNS.forEach(c -> ex.add(col(c).as(EXISTING + c)));
            existing = existing.select(ex.toArray(Column[]::new));
        }
        Dataset<Row> judged;
        if (existing == null) {
            judged = winners.withColumn(OUTCOME, lit(INSERTED)).withColumn(EXISTING + Conformer.DUMP_DATE,
                lit(null).cast("date"));
        } else {
            judged = winners.join(existing, scalaSeq(key), "left")
                .withColumn(OUTCOME,
                    when(col(EXISTING + Conformer.AS_OF).isNull(), lit(INSERTED))
                        .when(Recency.of("").gt(Recency.of(EXISTING)), lit(REPLACED))
                        .otherwise(lit(LOST)));
        }
        judged = judged.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<Entry> entries = new ArrayList<>();
            Map<Date, Long> winnersPerDump = new HashMap<>();
            Map<Date, Long> lostPerDump = new HashMap<>();
            Map<Date, Long> acceptedPerDump = new HashMap<>();
            Map<Date, Long> displacedPerDump = new HashMap<>();
            for (Row r : judged.groupBy(col(Conformer.DUMP_DATE), col(EXISTING + Conformer.DUMP_DATE), col(OUTCOME))
                .count().collectAsList()) {
                Date dump = r.getDate(0);
                long n = r.getLong(3);
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

            Dataset<Row> upserts = judged.filter(col(OUTCOME).notEqual(lit(LOST)))
                .withColumn(Silver.RUN_ID, lit(ctx.runId()))
                .select(Arrays.stream(Silver.columns(source)).map(c -> col(c)).toArray(Column[]::new));
            ctx.tables().upsert(Silver.table(source), upserts, key, targetFilter, Silver.partitions(source));
            return entries;
        } finally {
            judged.unpersist();
        }
    }

    /**
     * Section 3.3: one row per creative, merging all its valid records: earliest first_seen,
     * latest last_seen, the union of countries, every other field from the most recent record.
     */
    private List<Entry> mergeCreatives(Dataset<Row> valid, Map<Date, Long> validPerDump) {
        List<String> latestFields = Arrays.stream(Silver.columns(source))
            .filter(c -> !List.of("creative_id", "first_seen", "last_seen", "countries", Silver.RUN_ID).contains(c))
            .toList();
        Dataset<Row> batch = valid.groupBy("creative_id").agg(
            min("first_seen").as("first_seen"),
            max("last_seen").as("last_seen"),
            array_sort(array_distinct(flatten(collect_list("countries")))).as("countries"),
            max_by(struct(latestFields.stream().map(c -> col(c)).toArray(Column[]::new)), Recency.of(""))
                .as("latest"));

        Dataset<Row> merged;
        if (ctx.tables().exists(Silver.table(source))) {
            Dataset<Row> existing = ctx.tables().read(Silver.table(source));
            List<Column> ex = new ArrayList<>();
            ex.add(col("creative_id"));
            ex.add(col("first_seen").as(EXISTING + "first_seen"));
            ex.add(col("last_seen").as(EXISTING + "last_seen"));
            ex.add(col("countries").as(EXISTING + "countries"));
            ex.add(struct(latestFields.stream().map(c -> col(c)).toArray(Column[]::new)).as(EXISTING + "latest"));
            Dataset<Row> joined = batch.join(existing.select(ex.toArray(Column[]::new)), scalaSeq(List.of("creative_id")),
                "left");
            Column isNew = col(EXISTING + "latest").isNull();
            Column batchNewer = Recency.of("latest.").gt(Recency.of(EXISTING + "latest."));
            merged = joined.select(
                col("creative_id"),
                least(col("first_seen"), col(EXISTING + "first_seen")).as("first_seen"),
                greatest(col("last_seen"), col(EXISTING + "last_seen")).as("last_seen"),
                when(isNew, col("countries"))
                    .otherwise(array_sort(array_union(col("countries"), coalesce(col(EXISTING + "countries"),
                        col("countries"))))).as("countries"),
                when(isNew.or(batchNewer), col("latest")).otherwise(col(EXISTING + "latest")).as("latest"),
                col("latest." + Conformer.DUMP_DATE).as("_batch_dump"),
                when(isNew, lit(INSERTED)).otherwise(lit(MERGED)).as(OUTCOME));
        } else {
            merged = batch.withColumn("_batch_dump", col("latest." + Conformer.DUMP_DATE))
                .withColumn(OUTCOME, lit(INSERTED));
        }
        merged = merged.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Map<Date, Long> acceptedPerDump = new HashMap<>();
            for (Row r : merged.filter(col(OUTCOME).equalTo(INSERTED)).groupBy("_batch_dump").count().collectAsList()) {
                acceptedPerDump.put(r.getDate(0), r.getLong(1));
            }
            List<Entry> entries = new ArrayList<>();
            for (Map.Entry<Date, Long> e : validPerDump.entrySet()) {
                long accepted = acceptedPerDump.getOrDefault(e.getKey(), 0L);
                entries.add(entry(e.getKey(), RowAccounting.ACCEPTED, accepted));
                entries.add(entry(e.getKey(), RowAccounting.SUPERSEDED, e.getValue() - accepted));
            }
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
            ctx.tables().upsert(Silver.table(source), merged.select(out.toArray(Column[]::new)), Silver.key(source),
                null, Silver.partitions(source));
            return entries;
        } finally {
            merged.unpersist();
        }
    }

    private Entry entry(Date dump, String metric, long rows) {
        return new Entry(source.folder(), dump.toLocalDate(), metric, null, rows);
    }

    private static scala.collection.Seq<String> scalaSeq(List<String> values) {
        return scala.collection.JavaConverters.asScalaBuffer(values).toSeq();
    }
}
