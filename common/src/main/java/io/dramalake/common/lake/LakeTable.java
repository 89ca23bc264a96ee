package io.dramalake.common.lake;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Every table of the lake: its database (layer) and name. Paths come from {@link Lake}. */
public enum LakeTable {
    BRONZE_APP_INTEL("bronze", "app_intel"),
    BRONZE_APPS("bronze", "apps"),
    BRONZE_AD_CREATIVES("bronze", "ad_creatives"),

    /* Silver tables are merged into daily: deletion vectors mark replaced rows instead of rewriting
       their files. Only they have them, since every scan of a table with the feature costs Delta
       an extra file listing. */
    SILVER_APP_INTEL_DAILY("silver", "app_intel_daily", Map.of(LakeTable.DELETION_VECTORS, "true")),
    SILVER_APPS("silver", "apps", Map.of(LakeTable.DELETION_VECTORS, "true")),
    /** Keeps a change feed: curate turns each run's pre- and post-images into gold deltas. */
    SILVER_AD_CREATIVES("silver", "ad_creatives",
        Map.of(LakeTable.DELETION_VECTORS, "true", LakeTable.CHANGE_FEED, "true")),
    SILVER_QUARANTINE("silver", "quarantine"),

    GOLD_DOWNLOAD_VOLUME("gold", "download_volume"),
    GOLD_IAP_SHARE_BY_ORIGIN("gold", "iap_share_by_origin"),
    GOLD_AD_MATERIAL_COUNTS("gold", "ad_material_counts"),

    /** Which landed files are in bronze. */
    OPS_INGESTED_FILES("ops", "ingested_files"),
    /** Which bronze files have been validated into silver. */
    OPS_VALIDATED_FILES("ops", "validated_files"),
    /** Deequ verification results, one row per constraint per run. */
    OPS_QUALITY_RESULTS("ops", "quality_results"),
    /** Records read, accepted, rejected by reason and superseded, per run, source and dump date. */
    OPS_ROW_ACCOUNTING("ops", "row_accounting"),
    /** One row per command run: what ran, how it ended. */
    OPS_RUNS("ops", "runs");

    public static final String BRONZE = "bronze";
    public static final String SILVER = "silver";
    public static final String GOLD = "gold";
    public static final String OPS = "ops";

    /** The Delta table property that lets DML mark rows deleted instead of rewriting files. */
    public static final String DELETION_VECTORS = "delta.enableDeletionVectors";
    /** The Delta table property that records a change feed. */
    public static final String CHANGE_FEED = "delta.enableChangeDataFeed";

    private final String database;
    private final String table;
    private final Map<String, String> properties;

    LakeTable(String database, String table) {
        this(database, table, Map.of());
    }

    LakeTable(String database, String table, Map<String, String> properties) {
        this.database = database;
        this.table = table;
        this.properties = properties;
    }

    /** Delta table properties the table is created with. */
    public Map<String, String> properties() {
        return properties;
    }

    public String database() {
        return database;
    }

    public String table() {
        return table;
    }

    /** {@code database.table}, as analysts write it in SQL. */
    public String qualifiedName() {
        return database + "." + table;
    }

    public static List<String> databases() {
        return List.of(BRONZE, SILVER, GOLD, OPS);
    }

    public static List<LakeTable> all() {
        return Arrays.asList(values());
    }
}
