package io.dramalake.jobs.ops;

import static org.apache.spark.sql.functions.col;

import io.dramalake.common.contract.Source;
import io.dramalake.common.lake.LakeTable;
import io.dramalake.common.lake.LandingZone.LandedFile;
import io.dramalake.jobs.RunContext;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/** {@code ops.ingested_files}: the landed files already in bronze, by their path below the landing root. */
public final class IngestedFiles {

    public static final LakeTable TABLE = LakeTable.OPS_INGESTED_FILES;
    public static final StructType SCHEMA = TABLE.schema();

    /** One logged file: its path below the landing root, its size when ingested and the run that logged it. */
    public record Logged(String sourceFile, long sizeBytes, String runId) {
    }

    private IngestedFiles() {
    }

    /** Every file logged for these sources; none when nothing was ingested yet. */
    public static List<Logged> of(RunContext ctx, List<Source> sources) {
        List<Logged> logged = new ArrayList<>();
        if (!ctx.tables().exists(TABLE)) {
            return logged;
        }
        for (Row r : ctx.tables().read(TABLE)
            .filter(col("source").isin(sources.stream().map(Source::folder).toArray()))
            .select("source_file", "size_bytes", "run_id").collectAsList()) {
            logged.add(new Logged(r.getString(0), r.getLong(1), r.getString(2)));
        }
        return logged;
    }

    public static void append(RunContext ctx, List<LandedFile> files, Timestamp ingestedAt) {
        if (files.isEmpty()) {
            return;
        }
        List<Row> rows = new ArrayList<>();
        for (LandedFile f : files) {
            rows.add(RowFactory.create(f.source().folder(), Date.valueOf(f.dumpDate()), f.relativePath(), f.sizeBytes(),
                new Timestamp(f.modifiedAtMillis()), ctx.runId(), ingestedAt));
        }
        // A file is listed once, even when another ingest logged it meanwhile.
        ctx.tables().insertNew(TABLE, ctx.spark().createDataFrame(rows, SCHEMA).coalesce(1), TABLE.key(), null);
    }
}
