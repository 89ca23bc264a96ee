package io.dramalake.jobs.ops;

import io.dramalake.common.lake.LakeTable;
import io.dramalake.jobs.RunContext;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * {@code ops.row_accounting}: what became of every record a run read. For each run, source and
 * dump date: {@code read} = {@code accepted} + {@code rejected} (by reason) + {@code superseded}.
 * {@code displaced} counts rows accepted by an earlier run that this run's records superseded;
 * {@code warning} counts values nulled or dropped without rejecting the record.
 */
public final class RowAccounting {

    public static final String READ = "read";
    public static final String ACCEPTED = "accepted";
    public static final String REJECTED = "rejected";
    public static final String SUPERSEDED = "superseded";
    public static final String DISPLACED = "displaced";
    public static final String WARNING = "warning";

    public static final StructType SCHEMA = LakeTable.OPS_ROW_ACCOUNTING.schema();

    /** One count. */
    public record Entry(String source, LocalDate dumpDate, String metric, String reason, long rows) {
    }

    private RowAccounting() {
    }

    public static void append(RunContext ctx, List<Entry> entries) {
        append(ctx, entries, null);
    }

    /**
     * Adds the run's entries; when {@code replacedRun} is given, that run's entries go in the same
     * commit (a killed run whose records this run accounts for again).
     */
    public static void append(RunContext ctx, List<Entry> entries, String replacedRun) {
        if (entries.isEmpty() && replacedRun == null) {
            return;
        }
        Timestamp now = Timestamp.from(Instant.now());
        List<Row> rows = new ArrayList<>();
        for (Entry e : entries) {
            rows.add(RowFactory.create(ctx.runId(), e.source(), Date.valueOf(e.dumpDate()), e.metric(), e.reason(),
                e.rows(), now));
        }
        org.apache.spark.sql.Dataset<Row> frame = ctx.spark().createDataFrame(rows, SCHEMA).coalesce(1);
        if (replacedRun == null) {
            ctx.tables().append(LakeTable.OPS_ROW_ACCOUNTING, frame);
        } else {
            // No row of this run exists yet, so every entry is inserted; the old run's are deleted.
            ctx.tables().sync(LakeTable.OPS_ROW_ACCOUNTING, frame, List.of("run_id"),
                "t.run_id = '" + replacedRun.replace("'", "") + "'");
        }
    }
}
