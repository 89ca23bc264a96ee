package io.dramalake.jobs.validate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;

import io.dramalake.common.contract.Conformer;
import io.dramalake.common.contract.Source;
import io.dramalake.common.lake.LakeTable;
import io.dramalake.common.lake.LandingZone.Selection;
import io.dramalake.common.quality.ConstraintOutcome;
import io.dramalake.common.quality.LakeChecks;
import io.dramalake.common.spark.ColumnNames;
import io.dramalake.common.spark.ShufflePartitions;
import io.dramalake.jobs.JobResult;
import io.dramalake.jobs.RunContext;
import io.dramalake.jobs.ingest.Bronze;
import io.dramalake.jobs.ops.QualityRecord;
import io.dramalake.jobs.ops.RowAccounting;
import io.dramalake.jobs.ops.RowAccounting.Entry;
import io.dramalake.jobs.ops.ValidatedFiles;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bronze → silver. Conforms the bronze files not yet validated, quarantines rejects with their
 * reason, merges the rest into silver, accounts for every record, then verifies silver with Deequ.
 */
public final class ValidateJob {

    private static final Logger LOG = LoggerFactory.getLogger(ValidateJob.class);
    public static final String STAGE = "validate";

    /** What a validation did. */
    public record Result(int filesValidated, long bytesValidated, List<Entry> accounting,
                         List<ConstraintOutcome> quality) implements JobResult {
        @Override
        public boolean changedLake() {
            return filesValidated > 0;
        }

        @Override
        public boolean qualityFailed() {
            return quality.stream().anyMatch(ConstraintOutcome::blocksPublication);
        }

        public long count(String metric) {
            return accounting.stream().filter(e -> e.metric().equals(metric)).mapToLong(Entry::rows).sum();
        }

        @Override
        public String summary() {
            Map<String, Long> rejected = accounting.stream().filter(e -> e.metric().equals(RowAccounting.REJECTED))
                .collect(Collectors.groupingBy(Entry::reason, java.util.TreeMap::new, Collectors.summingLong(Entry::rows)));
            long failed = quality.stream().filter(q -> !q.passed()).count();
            return "validate: " + filesValidated + " file(s), " + count(RowAccounting.READ) + " read, "
                + count(RowAccounting.ACCEPTED) + " accepted, " + count(RowAccounting.REJECTED) + " quarantined "
                + rejected + ", " + count(RowAccounting.SUPERSEDED) + " superseded; quality: "
                + quality.size() + " constraint(s), " + failed + " failed" + (qualityFailed() ? " (error severity)" : "");
        }
    }

    private final RunContext ctx;
    private final Selection selection;
    /** After app_intel's merge: the days it wrote rows on (null: it created the table). */
    private Object[] writtenDays;
    /** After ad_creatives' merge: below every last_seen it wrote (null: not known). */
    private Date mergedLastSeenFrom;

    public ValidateJob(RunContext ctx, Selection selection) {
        this.ctx = ctx;
        this.selection = selection;
    }

    public Result run() {
        Map<String, String> validated = ValidatedFiles.runs(ctx);
        Map<Source, List<Row>> pending = pendingFiles(validated);
        long bytes = pending.values().stream().mapToLong(ValidateJob::bytesOf).sum();
        return ShufflePartitions.sizedTo(ctx.spark(), bytes, () -> validate(validated, pending, bytes));
    }

    /** Validates the pending files ({@code bytes}: their estimated uncompressed size). */
    private Result validate(Map<String, String> validated, Map<Source, List<Row>> pending, long bytes) {
        List<Entry> accounting = new ArrayList<>();
        List<ConstraintOutcome> quality = new ArrayList<>();
        int files = 0;
        Interrupted interrupted = pending.isEmpty() ? null : Interrupted.find(ctx, validated);
        for (Map.Entry<Source, List<Row>> e : pending.entrySet()) {
            ctx.describe("validate " + e.getKey().folder() + ": " + e.getValue().size() + " file(s) -> "
                + Silver.table(e.getKey()).qualifiedName());
            accounting.addAll(ShufflePartitions.sizedTo(ctx.spark(), mergeBytes(e.getKey(), e.getValue()),
                () -> validate(e.getKey(), e.getValue(), interrupted)));
            files += e.getValue().size();
        }
        for (Source source : pending.keySet()) {
            ctx.describe("validate: quality checks on " + Silver.table(source).qualifiedName());
            Dataset<Row> written = writtenBy(source);
            // A daily batch's rows are few: cached, the emptiness test and Deequ's passes (a scan, a
            // count and a grouping) read silver once instead of one Delta scan each.
            long read = accounting.stream().filter(a -> a.source().equals(source.folder())
                && a.metric().equals(RowAccounting.READ)).mapToLong(Entry::rows).sum();
            boolean cache = read <= CACHE_ROWS;
            if (cache) {
                written = written.persist(StorageLevel.MEMORY_AND_DISK());
            }
            try {
                if (!written.isEmpty()) {
                    quality.addAll(LakeChecks.verify(Silver.table(source), written));
                }
            } finally {
                if (cache) {
                    written.unpersist();
                }
            }
        }
        // The bookkeeping commits last: if the run dies before them, the next run redoes the
        // batch, and the merges above are idempotent. The files are marked validated last of
        // all; accounting a killed run recorded for them is replaced by this run's, in one commit.
        QualityRecord.append(ctx, STAGE, quality);
        if (interrupted != null) {
            RowAccounting.append(ctx, accounting, interrupted.accountingToReplace());
        }
        markValidated(pending);
        return new Result(files, bytes, accounting, quality);
    }

    /**
     * What a source's merge reads: its pending files and, for ad_creatives, the silver table as
     * well. A batch's creatives are scattered over every file of it, so the MERGE joins all of them
     * (app_intel's and apps' MERGEs read only the batch's days, or a few thousand rows).
     */
    private long mergeBytes(Source source, List<Row> files) {
        long bytes = bytesOf(files);
        return source == Source.AD_CREATIVES
            ? bytes + ctx.tables().sizeInBytes(Silver.table(source)) * ShufflePartitions.COMPRESSION_FACTOR : bytes;
    }

    /** The estimated uncompressed size of pending files (rows of source, dump date, path, size). */
    private static long bytesOf(List<Row> files) {
        return files.stream().mapToLong(r -> ShufflePartitions.uncompressedEstimate(r.getString(2), r.getLong(3))).sum();
    }

    /**
     * What this run's checks look at: the silver rows the run could have changed, so a daily run
     * costs what its batch costs. For app_intel_daily that is every row of the days it touched (the
     * key contains the day, so uniqueness there is uniqueness everywhere); for ad_creatives the
     * creatives it merged (MERGE on creative_id keeps the key unique across runs); apps are few and
     * checked whole.
     */
    private Dataset<Row> writtenBy(Source source) {
        Dataset<Row> silver = ctx.tables().read(Silver.table(source));
        Column mine = col(Silver.RUN_ID).equalTo(lit(ctx.runId()));
        return switch (source) {
            case APPS -> silver;
            // The files of creatives that ended before the batch's are skipped (statistics on last_seen).
            case AD_CREATIVES -> silver.filter(mergedLastSeenFrom == null ? mine
                : col("last_seen").geq(lit(mergedLastSeenFrom)).and(mine));
            // The days the merge wrote rows on (they carry this run's ID), known from its counts
            // rather than found by scanning the whole table for the run's ID.
            case APP_INTEL -> writtenDays == null ? silver : silver.filter(col("date").isin(writtenDays));
        };
    }

    /**
     * Ingested files (within the selection) that no validation has processed yet ({@code validated}:
     * the files that one has), per source, in dump date and path order.
     */
    private Map<Source, List<Row>> pendingFiles(Map<String, String> validated) {
        Map<Source, List<Row>> pending = new java.util.EnumMap<>(Source.class);
        if (!ctx.tables().exists(LakeTable.OPS_INGESTED_FILES)) {
            return pending;
        }
        Dataset<Row> ingested = ctx.tables().read(LakeTable.OPS_INGESTED_FILES)
            .filter(col("source").isin(selection.sources().stream().map(Source::folder).toArray()));
        if (selection.from() != null) {
            ingested = ingested.filter(col("dump_date").geq(lit(Date.valueOf(selection.from()))));
        }
        if (selection.to() != null) {
            ingested = ingested.filter(col("dump_date").leq(lit(Date.valueOf(selection.to()))));
        }
        // Both logs have a row per file: compared and sorted here rather than by a join and a sort.
        List<Row> rows = new ArrayList<>(ingested.select("source", "dump_date", "source_file", "size_bytes").collectAsList());
        rows.removeIf(r -> validated.containsKey(r.getString(2)));
        rows.sort(java.util.Comparator.<Row, String>comparing(r -> r.getString(0))
            .thenComparing(r -> r.getDate(1)).thenComparing(r -> r.getString(2)));
        for (Row r : rows) {
            pending.computeIfAbsent(Source.fromFolder(r.getString(0)), s -> new ArrayList<>()).add(r);
        }
        return pending;
    }

    private List<Entry> validate(Source source, List<Row> files, Interrupted interrupted) {
        Object[] dates = files.stream().map(r -> r.getDate(1)).distinct().toArray();
        Object[] paths = files.stream().map(r -> r.getString(2)).toArray();
        Dataset<Row> bronze = ctx.tables().read(Bronze.table(source))
            .filter(col(Bronze.PARTITION).isin(dates).and(col("source_file").isin(paths)));
        Conformer conformer = Conformer.of(source);
        // Bronze tables written before read_defect existed lack the column: their records have none.
        Column defect = java.util.Arrays.asList(bronze.columns()).contains(Bronze.READ_DEFECT)
            ? col(Bronze.READ_DEFECT) : lit(null).cast("string");
        Dataset<Row> conformed = bronze.select(col("raw_record"), col("header"), col("dump_date"), col("source_file"),
                col("line_number"), defect)
            .mapPartitions(conform(source), Encoders.row(conformer.schema()))
            .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<Entry> entries = new ArrayList<>();
            List<Entry> warnings = new ArrayList<>();
            Map<Date, Long> validPerDump = new HashMap<>();
            // One pass counts records by reason and warnings by kind: each record contributes a
            // "reason" item (null when valid) and one "warning" item per warning.
            Column items = concat(array(struct(lit(READ_ITEM).as("kind"), col(Conformer.REASON).as("what"))),
                transform(col(Conformer.WARNINGS), w -> struct(lit(WARNING_ITEM).as("kind"), w.as("what"))));
            for (Row r : conformed.select(col(Conformer.DUMP_DATE), explode(items).as("i"))
                .groupBy(col(Conformer.DUMP_DATE), col("i.kind"), col("i.what")).count().collectAsList()) {
                LocalDate dump = r.getDate(0).toLocalDate();
                long n = r.getLong(3);
                if (r.getString(1).equals(WARNING_ITEM)) {
                    warnings.add(new Entry(source.folder(), dump, RowAccounting.WARNING, r.getString(2), n));
                    continue;
                }
                entries.add(new Entry(source.folder(), dump, RowAccounting.READ, null, n));
                if (r.isNullAt(2)) {
                    validPerDump.merge(r.getDate(0), n, Long::sum);
                } else {
                    entries.add(new Entry(source.folder(), dump, RowAccounting.REJECTED, r.getString(2), n));
                }
            }
            entries = mergeReads(entries);
            entries.addAll(warnings);

            Dataset<Row> rejects = conformed.filter(col(Conformer.REASON).isNotNull()).select(
                lit(source.folder()).as("source"), col(Conformer.REASON), col(Conformer.DETAIL),
                col(Conformer.RAW_RECORD), col(Conformer.SOURCE_FILE), col(Conformer.LINE_NUMBER),
                col(Conformer.DUMP_DATE), lit(ctx.runId()).as("run_id"),
                lit(Timestamp.from(Instant.now())).as("quarantined_at"));
            String dumps = java.util.Arrays.stream(dates).map(d -> "DATE'" + d + "'").collect(Collectors.joining(","));
            long rejected = entries.stream().filter(e -> e.metric().equals(RowAccounting.REJECTED))
                .mapToLong(Entry::rows).sum();
            // No rejects, nothing to merge (the first run still creates the table, empty).
            if (rejected > 0 || !ctx.tables().exists(Quarantine.TABLE)) {
                ctx.tables().insertNew(Quarantine.TABLE, ctx.tables().sized(rejects, rejected), Quarantine.KEY,
                    "t.source = '" + source.folder() + "' AND t.dump_date IN (" + dumps + ")", Quarantine.PARTITION);
            }

            Dataset<Row> valid = conformed.filter(col(Conformer.REASON).isNull());
            SilverMerge merge = new SilverMerge(ctx, source, interrupted, paths);
            entries.addAll(merge.merge(valid, validPerDump));
            if (source == Source.APP_INTEL) {
                writtenDays = merge.writtenDays();
            } else if (source == Source.AD_CREATIVES) {
                mergedLastSeenFrom = merge.mergedLastSeenFrom();
            }
            LOG.info("{}: {} file(s) validated", Silver.table(source).qualifiedName(), files.size());
            return entries;
        } finally {
            conformed.unpersist();
        }
    }

    /** Batches of up to this many records have the silver rows they are checked on cached. */
    private static final long CACHE_ROWS = 500_000;

    private static final String READ_ITEM = "r";
    private static final String WARNING_ITEM = "w";

    /** One {@code read} entry per dump date (the group-by above yields one per reason). */
    private static List<Entry> mergeReads(List<Entry> entries) {
        Map<String, Entry> reads = new java.util.LinkedHashMap<>();
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.metric().equals(RowAccounting.READ)) {
                reads.merge(e.source() + e.dumpDate(), e,
                    (a, b) -> new Entry(a.source(), a.dumpDate(), a.metric(), null, a.rows() + b.rows()));
            } else {
                out.add(e);
            }
        }
        out.addAll(0, reads.values());
        return out;
    }

    private static MapPartitionsFunction<Row, Row> conform(Source source) {
        return rows -> {
            Conformer c = Conformer.of(source);
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Row next() {
                    Row r = rows.next();
                    return c.conform(r.getString(0), r.getString(1), r.getDate(2).toLocalDate(), r.getString(3),
                        r.getLong(4), r.getString(5));
                }
            };
        };
    }

    private void markValidated(Map<Source, List<Row>> pending) {
        ValidatedFiles.append(ctx, pending.values().stream().flatMap(List::stream).toList());
    }

}
