package io.dramalake.jobs.validate;

import io.dramalake.common.contract.Source;
import io.dramalake.common.lake.LakeTable;
import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * The silver tables: a source's conformed fields, then lineage (dump date, file, line, run).
 * Each table's schema, key and partitioning are declared in {@link LakeTable}.
 */
public final class Silver {

    public static final String RUN_ID = "run_id";

    private Silver() {
    }

    public static LakeTable table(Source source) {
        return switch (source) {
            case APP_INTEL -> LakeTable.SILVER_APP_INTEL_DAILY;
            case APPS -> LakeTable.SILVER_APPS;
            case AD_CREATIVES -> LakeTable.SILVER_AD_CREATIVES;
        };
    }

    public static List<String> key(Source source) {
        return table(source).key();
    }

    public static String[] partitions(Source source) {
        return table(source).partitionColumns();
    }

    public static StructType schema(Source source) {
        return table(source).schema();
    }

    public static String[] columns(Source source) {
        return schema(source).fieldNames();
    }
}
