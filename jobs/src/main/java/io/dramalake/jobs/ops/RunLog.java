package io.dramalake.jobs.ops;

import io.dramalake.common.lake.LakeTable;
import io.dramalake.jobs.RunContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code ops.runs}: one row per command that changed the lake, with its outcome. A run that
 * found nothing to do writes nothing at all, so a rerun leaves the lake exactly as it was.
 */
public final class RunLog {

    public static final StructType SCHEMA = new StructType()
        .add("run_id", DataTypes.StringType, false)
        .add("command", DataTypes.StringType, false)
        .add("started_at", DataTypes.TimestampType, false)
        .add("finished_at", DataTypes.TimestampType, false)
        .add("status", DataTypes.StringType, false)
        .add("exit_code", DataTypes.IntegerType, false)
        .add("summary", DataTypes.StringType, true)
        .add("silver_versions", DataTypes.StringType, true)
        // Added later: runs recorded before read it as null.
        .add("version", DataTypes.StringType, true);

    private RunLog() {
    }

    public static void append(RunContext ctx, String command, String status, int exitCode, String summary,
                              String silverVersions) {
        Row row = RowFactory.create(ctx.runId(), command, Timestamp.from(ctx.startedAt()),
            Timestamp.from(Instant.now()), status, exitCode, summary, silverVersions,
            io.dramalake.jobs.Version.get());
        ctx.tables().appendAddingColumns(LakeTable.OPS_RUNS, ctx.spark().createDataFrame(List.of(row), SCHEMA).coalesce(1));
    }
}
