package io.dramalake.jobs.ops;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.dramalake.common.contract.Source;
import io.dramalake.common.lake.LakeTable;
import io.dramalake.jobs.RunContext;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * {@code ops.freshness}: per source, the latest dump date landed in bronze and validated into
 * silver, and the days from the latter to the run's date (UTC). Replaced whenever a run changed the
 * lake, from {@code ops.ingested_files} and {@code ops.validated_files}.
 */
public final class Freshness {

    public static final StructType SCHEMA = LakeTable.OPS_FRESHNESS.schema();

    /** What {@code report} shows. */
    public static final String REPORT_QUERY = "SELECT source, CAST(latest_landed AS STRING) AS latest_landed, "
        + "CAST(latest_validated AS STRING) AS latest_validated, days_behind, CAST(recorded_at AS STRING) AS recorded_at "
        + "FROM ops.freshness ORDER BY source";

    private Freshness() {
    }

    /** The rows as of the run's start. */
    public static List<Row> rows(RunContext ctx) {
        Map<String, Date> landed = new HashMap<>();
        Map<String, Date> validated = new HashMap<>();
        latest(ctx, landed, validated);
        LocalDate today = ctx.startedAt().atZone(ZoneOffset.UTC).toLocalDate();
        Timestamp now = Timestamp.from(ctx.startedAt());
        List<Row> rows = new ArrayList<>();
        for (Source s : Source.values()) {
            Date v = validated.get(s.folder());
            Integer behind = v == null ? null : (int) ChronoUnit.DAYS.between(v.toLocalDate(), today);
            rows.add(RowFactory.create(s.folder(), landed.get(s.folder()), v, behind, now, ctx.runId()));
        }
        return rows;
    }

    /** Replaces {@code ops.freshness} (one commit). */
    public static void record(RunContext ctx) {
        ctx.tables().replace(LakeTable.OPS_FRESHNESS, ctx.spark().createDataFrame(rows(ctx), SCHEMA).coalesce(1));
    }

    /** Per source, the latest dump date of both file logs, in one query. */
    private static void latest(RunContext ctx, Map<String, Date> landed, Map<String, Date> validated) {
        Dataset<Row> both = null;
        for (LakeTable files : List.of(LakeTable.OPS_INGESTED_FILES, LakeTable.OPS_VALIDATED_FILES)) {
            if (ctx.tables().exists(files)) {
                Dataset<Row> one = ctx.tables().read(files).select(lit(files.table()).as("log"), col("source"),
                    col("dump_date"));
                both = both == null ? one : both.unionByName(one);
            }
        }
        if (both == null) {
            return;
        }
        for (Row r : both.groupBy("log", "source").agg(max("dump_date")).collectAsList()) {
            (r.getString(0).equals(LakeTable.OPS_INGESTED_FILES.table()) ? landed : validated)
                .put(r.getString(1), r.getDate(2));
        }
    }
}
