package io.dramalake.jobs.validate;

import io.dramalake.common.lake.LakeTable;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** {@code silver.quarantine}: every rejected or excluded record once, with its reason and raw text. */
public final class Quarantine {

    public static final LakeTable TABLE = LakeTable.SILVER_QUARANTINE;
    public static final List<String> KEY = List.of("source", "source_file", "line_number");
    public static final String PARTITION = "source";

    public static final StructType SCHEMA = new StructType()
        .add("source", DataTypes.StringType, false)
        .add("reason", DataTypes.StringType, false)
        .add("detail", DataTypes.StringType, true)
        .add("raw_record", DataTypes.StringType, true)
        .add("source_file", DataTypes.StringType, false)
        .add("line_number", DataTypes.LongType, false)
        .add("dump_date", DataTypes.DateType, false)
        .add("run_id", DataTypes.StringType, false)
        .add("quarantined_at", DataTypes.TimestampType, false);

    private Quarantine() {
    }
}
