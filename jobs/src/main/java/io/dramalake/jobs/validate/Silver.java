package io.dramalake.jobs.validate;

import io.dramalake.common.contract.AdCreativeConformer;
import io.dramalake.common.contract.AppIntelConformer;
import io.dramalake.common.contract.AppsConformer;
import io.dramalake.common.contract.Conformer;
import io.dramalake.common.contract.Source;
import io.dramalake.common.lake.LakeTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The silver tables: a source's conformed fields, then lineage (dump date, file, line, run). */
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
        return switch (source) {
            case APP_INTEL -> AppIntelConformer.KEY;
            case APPS -> AppsConformer.KEY;
            case AD_CREATIVES -> AdCreativeConformer.KEY;
        };
    }

    /** {@code silver.app_intel_daily} is partitioned by day, so a restatement rewrites only its days. */
    public static String[] partitions(Source source) {
        return source == Source.APP_INTEL ? new String[] {"date"} : new String[0];
    }

    public static StructType schema(Source source) {
        List<StructField> f = new ArrayList<>(Arrays.asList(Conformer.of(source).fields().fields()));
        f.add(DataTypes.createStructField(Conformer.DUMP_DATE, DataTypes.DateType, false));
        f.add(DataTypes.createStructField(Conformer.SOURCE_FILE, DataTypes.StringType, false));
        f.add(DataTypes.createStructField(Conformer.LINE_NUMBER, DataTypes.LongType, false));
        f.add(DataTypes.createStructField(RUN_ID, DataTypes.StringType, false));
        return DataTypes.createStructType(f);
    }

    public static String[] columns(Source source) {
        return schema(source).fieldNames();
    }
}
