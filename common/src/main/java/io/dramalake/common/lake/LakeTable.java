package io.dramalake.common.lake;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Every table of the lake: its database (layer) and name. Paths come from {@link Lake}. */
public enum LakeTable {
    /* Bronze files are found by file name; per-row statistics of the raw text would cost every
       write and never skip a file. */
    BRONZE_APP_INTEL("bronze", "app_intel", Map.of(LakeTable.STATS_COLUMNS, "source_file,line_number")),
    BRONZE_APPS("bronze", "apps", Map.of(LakeTable.STATS_COLUMNS, "source_file,line_number")),
    BRONZE_AD_CREATIVES("bronze", "ad_creatives", Map.of(LakeTable.STATS_COLUMNS, "source_file,line_number")),

    /* Silver tables are merged into daily: deletion vectors mark replaced rows instead of rewriting
       their files. Only they have them, since every scan of a table with the feature costs Delta
       an extra file listing. Statistics are kept on the columns lookups filter by. */
    SILVER_APP_INTEL_DAILY("silver", "app_intel_daily", Map.of(LakeTable.STATS_COLUMNS, "store,app_id,country")),
    SILVER_APPS("silver", "apps"),
    /** Keeps a change feed: curate turns each run's pre- and post-images into gold deltas. */
    SILVER_AD_CREATIVES("silver", "ad_creatives", Map.of(LakeTable.DELETION_VECTORS, "true",
        LakeTable.CHANGE_FEED, "true", LakeTable.STATS_COLUMNS, "creative_id,first_seen,last_seen")),
    SILVER_QUARANTINE("silver", "quarantine", Map.of(LakeTable.STATS_COLUMNS, "source_file,line_number,dump_date")),

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
    OPS_RUNS("ops", "runs"),
    /** Per source: the latest dump date landed and validated, and how many days behind; replaced by each run. */
    OPS_FRESHNESS("ops", "freshness");

    public static final String BRONZE = "bronze";
    public static final String SILVER = "silver";
    public static final String GOLD = "gold";
    public static final String OPS = "ops";

    /** The Delta table property that lets DML mark rows deleted instead of rewriting files. */
    public static final String DELETION_VECTORS = "delta.enableDeletionVectors";
    /** The Delta table property that records a change feed. */
    public static final String CHANGE_FEED = "delta.enableChangeDataFeed";
    /** The Delta table property naming the columns whose per-file min/max statistics are kept. */
    public static final String STATS_COLUMNS = "delta.dataSkippingStatsColumns";

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
