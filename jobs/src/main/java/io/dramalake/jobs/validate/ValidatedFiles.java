package io.dramalake.jobs.validate;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** {@code ops.validated_files}: the bronze files already conformed into silver. */
public final class ValidatedFiles {

    public static final StructType SCHEMA = new StructType()
        .add("source", DataTypes.StringType, false)
        .add("dump_date", DataTypes.DateType, false)
        .add("source_file", DataTypes.StringType, false)
        .add("run_id", DataTypes.StringType, false)
        .add("validated_at", DataTypes.TimestampType, false);

    private ValidatedFiles() {
    }
}
