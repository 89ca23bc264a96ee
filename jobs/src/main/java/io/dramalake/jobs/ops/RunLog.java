package io.dramalake.jobs.ops;

import static org.apache.spark.sql.functions.col;

import io.dramalake.common.lake.LakeTable;
import io.dramalake.jobs.RunContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * {@code ops.runs}: one row per command that changed the lake, with its outcome. A run that
 * found nothing to do writes nothing at all, so a rerun leaves the lake exactly as it was.
 */
public final class RunLog {

    public static final StructType SCHEMA = LakeTable.OPS_RUNS.schema();

    /** How a recorded run ended ({@code status}) and the exit code the CLI gives for it ({@code exit_code}). */
    public enum Status {
        SUCCEEDED("succeeded", 0),
        QUALITY_FAILED("quality_failed", 65);

        public final String value;
        public final int exitCode;

        Status(String value, int exitCode) {
            this.value = value;
            this.exitCode = exitCode;
        }
    }

    private RunLog() {
    }

    /** {@code silverVersions}: what gold was published from in this run, or null. */
    public static void append(RunContext ctx, String command, Status status, String summary, String silverVersions) {
        Row row = RowFactory.create(ctx.runId(), command, Timestamp.from(ctx.startedAt()),
            Timestamp.from(Instant.now()), status.value, status.exitCode, summary, silverVersions,
            io.dramalake.jobs.Version.get());
        ctx.tables().appendAddingColumns(LakeTable.OPS_RUNS, ctx.spark().createDataFrame(List.of(row), SCHEMA).coalesce(1));
    }

    /** Those of {@code runIds} that finished and recorded the gold they published. */
    public static java.util.Set<String> publishedGold(RunContext ctx, java.util.Collection<String> runIds) {
        if (runIds.isEmpty() || !ctx.tables().exists(LakeTable.OPS_RUNS)) {
            return java.util.Set.of();
        }
        java.util.Set<String> published = new java.util.HashSet<>();
        ctx.tables().read(LakeTable.OPS_RUNS)
            .filter(col("run_id").isin(runIds.toArray()).and(col("silver_versions").isNotNull())
                .and(col("status").equalTo(Status.SUCCEEDED.value)))
            .select("run_id").collectAsList().forEach(r -> published.add(r.getString(0)));
        return published;
    }

    /** The silver versions the last published gold was built from; empty when none is recorded. */
    public static Optional<String> lastGoldBuiltFrom(RunContext ctx) {
        if (!ctx.tables().exists(LakeTable.OPS_RUNS)) {
            return Optional.empty();
        }
        List<Row> last = ctx.tables().read(LakeTable.OPS_RUNS)
            .filter(col("silver_versions").isNotNull().and(col("status").equalTo(Status.SUCCEEDED.value)))
            .orderBy(col("finished_at").desc()).select("silver_versions").limit(1).collectAsList();
        return last.isEmpty() ? Optional.empty() : Optional.of(last.get(0).getString(0));
    }
}
