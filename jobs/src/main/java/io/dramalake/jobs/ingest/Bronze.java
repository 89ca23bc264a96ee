package io.dramalake.jobs.ingest;

import io.dramalake.common.contract.Source;
import io.dramalake.common.lake.LakeTable;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The bronze layer: every landed record as raw text, with its audit columns. Partitioned by dump date. */
public final class Bronze {

    public static final String PARTITION = "dump_date";
    public static final String READ_DEFECT = "read_defect";

    public static final StructType SCHEMA = new StructType()
        .add("raw_record", DataTypes.StringType, false)
        .add("header", DataTypes.StringType, true)
        .add("line_number", DataTypes.LongType, false)
        .add("source_file", DataTypes.StringType, false)
        .add("dump_date", DataTypes.DateType, false)
        .add("ingested_at", DataTypes.TimestampType, false)
        .add("run_id", DataTypes.StringType, false)
        // Why the record's bytes could not be read faithfully ("too_long: ...", "bad_encoding: ...",
        // "nul_byte: ..."); null when they could. Added after the first release: older tables lack it.
        .add(READ_DEFECT, DataTypes.StringType, true);

    private Bronze() {
    }

    public static LakeTable table(Source source) {
        return switch (source) {
            case APP_INTEL -> LakeTable.BRONZE_APP_INTEL;
            case APPS -> LakeTable.BRONZE_APPS;
            case AD_CREATIVES -> LakeTable.BRONZE_AD_CREATIVES;
        };
    }
}
