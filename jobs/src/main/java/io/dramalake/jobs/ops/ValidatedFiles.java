package io.dramalake.jobs.ops;

import io.dramalake.common.lake.LakeTable;
import io.dramalake.jobs.RunContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/** {@code ops.validated_files}: the bronze files already conformed into silver. */
public final class ValidatedFiles {

    public static final LakeTable TABLE = LakeTable.OPS_VALIDATED_FILES;
    public static final StructType SCHEMA = TABLE.schema();

    private ValidatedFiles() {
    }

    /** Every validated file; an empty frame before the first validation. */
    public static Dataset<Row> read(RunContext ctx) {
        return ctx.tables().readOrEmpty(TABLE, SCHEMA);
    }

    /** Every validated file (its path below the landing root) and the run that validated it: one small read. */
    public static Map<String, String> runs(RunContext ctx) {
        Map<String, String> runs = new HashMap<>();
        if (ctx.tables().exists(TABLE)) {
            for (Row r : ctx.tables().read(TABLE).select("source_file", "run_id").collectAsList()) {
                runs.put(r.getString(0), r.getString(1));
            }
        }
        return runs;
    }

    /** Marks files validated by this run; each row holds (source, dump_date, source_file). */
    public static void append(RunContext ctx, List<Row> files) {
        List<Row> rows = new ArrayList<>();
        Timestamp now = Timestamp.from(Instant.now());
        files.forEach(r -> rows.add(RowFactory.create(r.getString(0), r.getDate(1), r.getString(2), ctx.runId(), now)));
        if (!rows.isEmpty()) {
            ctx.tables().append(TABLE, ctx.spark().createDataFrame(rows, SCHEMA).coalesce(1));
        }
    }
}
