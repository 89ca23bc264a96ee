package io.dramalake.jobs.ops;

import io.dramalake.common.lake.LakeTable;
import io.dramalake.common.quality.ConstraintOutcome;
import io.dramalake.jobs.RunContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** {@code ops.quality_results}: every Deequ constraint's verdict, one row per constraint per run. */
public final class QualityRecord {

    public static final StructType SCHEMA = new StructType()
        .add("run_id", DataTypes.StringType, false)
        .add("stage", DataTypes.StringType, false)
        .add("table_name", DataTypes.StringType, false)
        .add("check", DataTypes.StringType, false)
        .add("severity", DataTypes.StringType, false)
        .add("constraint", DataTypes.StringType, false)
        .add("status", DataTypes.StringType, false)
        .add("message", DataTypes.StringType, true)
        .add("metric_name", DataTypes.StringType, true)
        .add("metric_instance", DataTypes.StringType, true)
        .add("metric_value", DataTypes.DoubleType, true)
        .add("recorded_at", DataTypes.TimestampType, false);

    private QualityRecord() {
    }

    public static void append(RunContext ctx, String stage, List<ConstraintOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(Instant.now());
        List<Row> rows = new ArrayList<>();
        for (ConstraintOutcome o : outcomes) {
            rows.add(RowFactory.create(ctx.runId(), stage, o.table(), o.check(), o.severity().name().toLowerCase(),
                o.constraint(), o.passed() ? "success" : "failure", o.message(), o.metricName(), o.metricInstance(),
                o.metricValue(), now));
        }
        ctx.tables().append(LakeTable.OPS_QUALITY_RESULTS, ctx.spark().createDataFrame(rows, SCHEMA).coalesce(1));
    }
}
