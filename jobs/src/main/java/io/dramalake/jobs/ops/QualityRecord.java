package io.dramalake.jobs.ops;

import io.dramalake.common.lake.LakeTable;
import io.dramalake.common.quality.ConstraintOutcome;
import io.dramalake.common.quality.Severity;
import io.dramalake.jobs.RunContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/** {@code ops.quality_results}: every Deequ constraint's verdict, one row per constraint per run. */
public final class QualityRecord {

    /** {@code status} of a constraint that held. */
    public static final String SUCCESS = "success";
    /** {@code status} of a constraint that did not hold. */
    public static final String FAILURE = "failure";
    /** {@code severity} of a check whose failure blocks gold. */
    public static final String ERROR = severity(Severity.ERROR);
    /** {@code severity} of a check whose failure is only recorded. */
    public static final String WARNING = severity(Severity.WARNING);

    public static final StructType SCHEMA = LakeTable.OPS_QUALITY_RESULTS.schema();

    private QualityRecord() {
    }

    /** How {@code ops.quality_results} spells a severity. */
    public static String severity(Severity s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    public static void append(RunContext ctx, String stage, List<ConstraintOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(Instant.now());
        List<Row> rows = new ArrayList<>();
        for (ConstraintOutcome o : outcomes) {
            rows.add(RowFactory.create(ctx.runId(), stage, o.table(), o.check(), severity(o.severity()),
                o.constraint(), o.passed() ? SUCCESS : FAILURE, o.message(), o.metricName(), o.metricInstance(),
                o.metricValue(), now));
        }
        ctx.tables().append(LakeTable.OPS_QUALITY_RESULTS, ctx.spark().createDataFrame(rows, SCHEMA).coalesce(1));
    }
}
