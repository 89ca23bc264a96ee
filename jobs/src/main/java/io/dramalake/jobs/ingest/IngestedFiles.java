package io.dramalake.jobs.ingest;

import io.dramalake.common.lake.LandingZone.LandedFile;
import io.dramalake.common.lake.LakeTable;
import io.dramalake.jobs.RunContext;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** {@code ops.ingested_files}: the landed files already in bronze, by their path below the landing root. */
public final class IngestedFiles {

    public static final StructType SCHEMA = new StructType()
        .add("source", DataTypes.StringType, false)
        .add("dump_date", DataTypes.DateType, false)
        .add("source_file", DataTypes.StringType, false)
        .add("size_bytes", DataTypes.LongType, false)
        .add("modified_at", DataTypes.TimestampType, false)
        .add("run_id", DataTypes.StringType, false)
        .add("ingested_at", DataTypes.TimestampType, false);

    private IngestedFiles() {
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
        ctx.tables().insertNew(LakeTable.OPS_INGESTED_FILES, ctx.spark().createDataFrame(rows, SCHEMA).coalesce(1),
            List.of("source_file"), null);
    }
}
