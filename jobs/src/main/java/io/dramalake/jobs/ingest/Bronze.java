package io.dramalake.jobs.ingest;

import io.dramalake.common.contract.Source;
import io.dramalake.common.lake.LakeTable;
import org.apache.spark.sql.types.StructType;

/** The bronze layer: every landed record as raw text, with its audit columns. Partitioned by dump date. */
public final class Bronze {

    public static final String PARTITION = LakeTable.BRONZE_APP_INTEL.partitionBy().get(0);
    public static final String READ_DEFECT = "read_defect";

    /** The three bronze tables share one schema, declared in {@link LakeTable}. */
    public static final StructType SCHEMA = LakeTable.BRONZE_APP_INTEL.schema();

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
