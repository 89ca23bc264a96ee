package io.dramalake.jobs.validate;

import io.dramalake.common.lake.LakeTable;
import java.util.List;
import org.apache.spark.sql.types.StructType;

/** {@code silver.quarantine}: every rejected or excluded record once, with its reason and raw text. */
public final class Quarantine {

    public static final LakeTable TABLE = LakeTable.SILVER_QUARANTINE;
    public static final List<String> KEY = TABLE.key();
    public static final String PARTITION = TABLE.partitionBy().get(0);
    public static final StructType SCHEMA = TABLE.schema();

    private Quarantine() {
    }
}
