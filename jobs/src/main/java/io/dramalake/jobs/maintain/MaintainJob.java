package io.dramalake.jobs.maintain;

import io.dramalake.common.lake.LakeTable;
import io.dramalake.common.spark.SessionSettings;
import io.dramalake.common.spark.ShufflePartitions;
import io.dramalake.jobs.RunContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Table maintenance, table by table: compaction ({@code OPTIMIZE}, Z-ordered where lookups filter),
 * purge of deletion vectors compaction left, {@code VACUUM} of files unreferenced for longer than
 * the retention, and a checkpoint of the log. A table already in shape gets no commit.
 */
public final class MaintainJob {

    private static final Logger LOG = LoggerFactory.getLogger(MaintainJob.class);

    /** Delta's own safety check refuses a shorter VACUUM retention (its default deleted-file retention). */
    public static final Duration MIN_RETENTION = Duration.ofHours(168);

    /**
     * Z-order columns where analysts' lookups (one app, one country) gain from data skipping; the
     * columns have statistics. Other tables are compacted only.
     */
    static final Map<LakeTable, List<String>> Z_ORDER = Map.of(
        LakeTable.SILVER_APP_INTEL_DAILY, List.of("app_id", "country"),
        LakeTable.GOLD_DOWNLOAD_VOLUME, List.of("app_key", "country"));

    private static final String OPTIMIZE_MIN_FILE_SIZE = "spark.databricks.delta.optimize.minFileSize";
    private static final String OPTIMIZE_MAX_FILE_SIZE = "spark.databricks.delta.optimize.maxFileSize";
    /** A table laid out by a column: files below this are compacted (a day's MERGE writes a few MiB)... */
    static final long ORDERED_COMPACT_BELOW = 8L << 20;
    /** ... into files of up to this, about what {@code Tables.ROWS_PER_ORDERED_FILE} rows take. */
    static final long ORDERED_COMPACT_INTO = 32L << 20;

    /** One table before and after. */
    public record TableResult(LakeTable table, long filesBefore, long bytesBefore, long filesAfter, long bytesAfter,
                              List<String> commits) {
        public String line() {
            return "maintain: " + table.qualifiedName() + ": " + filesBefore + " file(s), " + bytesBefore + " bytes -> "
                + filesAfter + " file(s), " + bytesAfter + " bytes"
                + (commits.isEmpty() ? " (already compact)" : " (" + String.join(", ", commits) + ")");
        }
    }

    public record Result(List<TableResult> tables, long retainHours) implements io.dramalake.jobs.JobResult {
        /** Always recorded in ops.runs: when maintenance last ran matters even if every table was in shape. */
        @Override
        public boolean changedLake() {
            return true;
        }

        @Override
        public boolean qualityFailed() {
            return false;
        }

        @Override

        public String summary() {
            return tables.stream().map(TableResult::line).collect(Collectors.joining("\n")) + "\nmaintain: "
                + tables.size() + " table(s), " + tables.stream().mapToLong(TableResult::filesBefore).sum() + " -> "
                + tables.stream().mapToLong(TableResult::filesAfter).sum() + " file(s); vacuumed files unreferenced "
                + "for over " + retainHours + " h";
        }
    }

    private final RunContext ctx;
    private final Duration retain;
    private final List<LakeTable> tables;

    /** {@code tables}: those to maintain (the ones that do not exist yet are passed over). */
    public MaintainJob(RunContext ctx, Duration retain, List<LakeTable> tables) {
        if (retain.compareTo(MIN_RETENTION) < 0) {
            throw new IllegalArgumentException("retention below " + MIN_RETENTION.toHours() + " h");
        }
        this.ctx = ctx;
        this.retain = retain;
        this.tables = List.copyOf(tables);
    }

    public Result run() {
        List<TableResult> results = new ArrayList<>();
        for (LakeTable table : tables) {
            if (ctx.tables().exists(table)) {
                // Sized to the table: compacting a small ops table is a small batch.
                long bytes = ctx.tables().sizeInBytes(table) * ShufflePartitions.COMPRESSION_FACTOR;
                results.add(ShufflePartitions.sizedTo(ctx.spark(), bytes, () -> maintain(table)));
            }
        }
        return new Result(List.copyOf(results), retain.toHours());
    }

    private TableResult maintain(LakeTable table) {
        ctx.describe("maintain " + table.qualifiedName());
        String path = ctx.lake().path(table);
        Snapshot before = snapshot(path);
        List<String> commits = new ArrayList<>();
        List<String> zOrder = Z_ORDER.get(table);
        String optimize = "OPTIMIZE %s" + (zOrder == null ? "" : " ZORDER BY (" + String.join(", ", zOrder) + ")");
        // A table laid out by a column keeps its ranges: only the small files a day's MERGE wrote
        // (all of recent values) are compacted, not every file into one.
        Map<String, String> sizes = table.filesOrderedBy() == null ? Map.of() : Map.of(
            OPTIMIZE_MIN_FILE_SIZE, String.valueOf(ORDERED_COMPACT_BELOW),
            OPTIMIZE_MAX_FILE_SIZE, String.valueOf(ORDERED_COMPACT_INTO));
        // Z-ordering rewrites a partition even when it is one file already; skip a table in shape.
        if (!inOneFilePerPartition(before)
            && SessionSettings.with(ctx.spark(), sizes, () -> ctx.tables().maintenance(table, optimize))) {
            commits.add(zOrder == null ? "optimized" : "optimized, z-ordered by " + String.join(", ", zOrder));
        }
        // Compaction rewrites only small files; a large one can still carry deletion vectors.
        if (deletionVectors(snapshot(path)) > 0 && ctx.tables().maintenance(table, "REORG TABLE %s APPLY (PURGE)")) {
            commits.add("deletion vectors purged");
        }
        // Delta's retention check stays on; VACUUM is not logged as a commit, so a rerun adds none.
        // VACUUM lists the table's folders in parallel, by default in up to 10,000 tasks; a table
        // has a few hundred partition folders at most.
        Map<String, String> vacuum = Map.of("spark.databricks.delta.vacuum.logging.enabled", "false",
            "spark.sql.sources.parallelPartitionDiscovery.parallelism",
            String.valueOf(Math.max(2, ctx.spark().sparkContext().defaultParallelism())));
        // Delta prints "Deleted N files ..." on Scala's console; stdout carries only the command's results.
        SessionSettings.with(ctx.spark(), vacuum, () -> scala.Console$.MODULE$.withOut(System.err,
            () -> ctx.spark().sql("VACUUM delta.`" + path + "` RETAIN " + retain.toHours() + " HOURS").collect()));
        Snapshot after = snapshot(path);
        DeltaLog log = DeltaLog.forTable(ctx.spark(), path);
        scala.Option<org.apache.spark.sql.delta.LastCheckpointInfo> last = log.readLastCheckpointFile();
        if (last.isEmpty() || last.get().version() < after.version()) {
            log.checkpoint();
        }
        TableResult r = new TableResult(table, before.numOfFiles(), before.sizeInBytes(), after.numOfFiles(),
            after.sizeInBytes(), List.copyOf(commits));
        LOG.info(r.line());
        return r;
    }

    private Snapshot snapshot(String path) {
        return DeltaLog.forTable(ctx.spark(), path).update(false, scala.Option.empty(), scala.Option.empty());
    }

    private static boolean inOneFilePerPartition(Snapshot s) {
        return s.allFiles().groupBy(org.apache.spark.sql.functions.to_json(
            org.apache.spark.sql.functions.col("partitionValues"))).count().filter("count > 1").isEmpty();
    }

    private static long deletionVectors(Snapshot s) {
        scala.Option<Object> n = s.numDeletionVectorsOpt();
        return n.isDefined() ? ((Number) n.get()).longValue()
            : s.allFiles().filter("deletionVector IS NOT NULL").count();
    }
}
