package io.dramalake.common.lake;

import io.dramalake.common.contract.AdCreativeConformer;
import io.dramalake.common.contract.AppIntelConformer;
import io.dramalake.common.contract.AppsConformer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Every table of the lake, declared once: its database (layer) and name, its schema, its key (the
 * columns that identify a row; for gold, its grain), the columns it is partitioned by and the Delta
 * properties it is created with. Paths come from {@link Lake}. Gold's columns (and the creative
 * spans') are computed by curate's transforms; their declared names and types here are checked
 * against what the transforms compute (nullability is what Spark derives, so gold's fields are all
 * nullable here).
 */
public enum LakeTable {
    /* Bronze files are found by file name; per-row statistics of the raw text would cost every
       write and never skip a file. */
    BRONZE_APP_INTEL("bronze", "app_intel", Schemas.BRONZE, Schemas.BRONZE_KEY, Schemas.BRONZE_PARTITIONS,
        Map.of(LakeTable.STATS_COLUMNS, "source_file,line_number")),
    BRONZE_APPS("bronze", "apps", Schemas.BRONZE, Schemas.BRONZE_KEY, Schemas.BRONZE_PARTITIONS,
        Map.of(LakeTable.STATS_COLUMNS, "source_file,line_number")),
    BRONZE_AD_CREATIVES("bronze", "ad_creatives", Schemas.BRONZE, Schemas.BRONZE_KEY, Schemas.BRONZE_PARTITIONS,
        Map.of(LakeTable.STATS_COLUMNS, "source_file,line_number")),

    /* Silver tables are merged into daily: deletion vectors mark replaced rows instead of rewriting
       their files. Only they have them, since every scan of a table with the feature costs Delta
       an extra file listing. Statistics are kept on the columns lookups filter by. */
    /** Partitioned by day, so a restatement rewrites only its days. */
    SILVER_APP_INTEL_DAILY("silver", "app_intel_daily", Schemas.silver(AppIntelConformer.FIELDS),
        List.of("date", "store", "app_id", "country"), List.of("date"),
        Map.of(LakeTable.STATS_COLUMNS, "store,app_id,country")),
    SILVER_APPS("silver", "apps", Schemas.silver(AppsConformer.FIELDS), List.of("unified_app_id"), List.of(), Map.of()),
    /** Keeps a change feed: curate turns each run's pre- and post-images into gold deltas. */
    SILVER_AD_CREATIVES("silver", "ad_creatives", Schemas.silver(AdCreativeConformer.FIELDS), List.of("creative_id"),
        List.of(), Map.of(LakeTable.DELETION_VECTORS, "true", LakeTable.CHANGE_FEED, "true",
        LakeTable.STATS_COLUMNS, "creative_id,first_seen,last_seen")),
    /**
     * silver.ad_creatives summed per app listing, network and span of months: all that 4.3's counts
     * read of it. Curate keeps it with gold (from the change feed), so that re-resolving an app whose
     * listing changed reads its spans, not every creative. Partitioned by the last month, which is
     * what a daily run's creatives change.
     */
    SILVER_AD_CREATIVE_SPANS("silver", "ad_creative_spans", Schemas.AD_CREATIVE_SPANS,
        List.of("unified_app_id", "store", "app_id", "network", "first_month", "last_month"), List.of("last_month"),
        Map.of()),
    /**
     * Per day and app listing of silver.app_intel_daily, its most recent row's name (one with a name
     * when there is one) and that row's recency: what naming an app without a silver.apps row, and
     * finding the months a changed app has rows in, read: at market scale 1,600 rows a day where
     * app_intel_daily has 20,000.
     * Curate keeps it with gold, recomputing the days whose files a run changed; partitioned by
     * month, so that this rewrites one month's files.
     */
    SILVER_APP_LISTING_DAYS("silver", "app_listing_days", Schemas.APP_LISTING_DAYS,
        List.of("date", "unified_app_id", "store", "app_id"), List.of("month"), Map.of()),
    /** Every rejected or excluded record once, with its reason and raw text. */
    SILVER_QUARANTINE("silver", "quarantine", Schemas.QUARANTINE, List.of("source", "source_file", "line_number"),
        List.of("source"), Map.of(LakeTable.STATS_COLUMNS, "source_file,line_number,dump_date")),

    GOLD_DOWNLOAD_VOLUME("gold", "download_volume", Schemas.DOWNLOAD_VOLUME, List.of("month", "store", "country", "app_key"),
        List.of(), Map.of()),
    GOLD_IAP_SHARE_BY_ORIGIN("gold", "iap_share_by_origin", Schemas.IAP_SHARE_BY_ORIGIN,
        List.of("period_type", "period_start", "origin_country"), List.of(), Map.of()),
    GOLD_AD_MATERIAL_COUNTS("gold", "ad_material_counts", Schemas.AD_MATERIAL_COUNTS,
        List.of("month", "network", "origin_country", "app_key"), List.of(), Map.of()),

    /** Which landed files are in bronze, by their path below the landing root. */
    OPS_INGESTED_FILES("ops", "ingested_files", Schemas.INGESTED_FILES, List.of("source_file"), List.of(), Map.of()),
    /** Which bronze files have been validated into silver. */
    OPS_VALIDATED_FILES("ops", "validated_files", Schemas.VALIDATED_FILES, List.of("source", "source_file"),
        List.of(), Map.of()),
    /** Deequ verification results, one row per constraint per run. */
    OPS_QUALITY_RESULTS("ops", "quality_results", Schemas.QUALITY_RESULTS, List.of(), List.of(), Map.of()),
    /** Records read, accepted, rejected by reason and superseded, per run, source and dump date. */
    OPS_ROW_ACCOUNTING("ops", "row_accounting", Schemas.ROW_ACCOUNTING, List.of(), List.of(), Map.of()),
    /** One row per command run that changed the lake: what ran, how it ended. */
    OPS_RUNS("ops", "runs", Schemas.RUNS, List.of("run_id"), List.of(), Map.of()),
    /** Per source: the latest dump date landed and validated, and how many days behind; replaced by each run. */
    OPS_FRESHNESS("ops", "freshness", Schemas.FRESHNESS, List.of("source"), List.of(), Map.of());

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
    private final StructType schema;
    private final List<String> key;
    private final List<String> partitionBy;
    private final Map<String, String> properties;

    LakeTable(String database, String table, StructType schema, List<String> key, List<String> partitionBy,
              Map<String, String> properties) {
        this.database = database;
        this.table = table;
        this.schema = schema;
        this.key = key;
        this.partitionBy = partitionBy;
        this.properties = properties;
    }

    /** Delta table properties the table is created with. */
    public Map<String, String> properties() {
        return properties;
    }

    /**
     * Whether curate writes the table: gold, and the summaries of silver gold is kept from.
     * They are published together, and a run that wrote one of them and did not finish makes the
     * next curate rebuild them all.
     */
    public boolean writtenByCurate() {
        return database.equals(GOLD) || this == SILVER_AD_CREATIVE_SPANS || this == SILVER_APP_LISTING_DAYS;
    }

    /**
     * The column whose value ranges the table's files are laid out by, or null. silver.ad_creatives
     * is, by last_seen: a daily MERGE matches the creatives still running, so their rows sit in the
     * few most recent files and Delta rewrites only those, not all 14 M creatives.
     */
    public String filesOrderedBy() {
        return this == SILVER_AD_CREATIVES ? "last_seen" : null;
    }

    /** The table's columns, in order. */
    public StructType schema() {
        return schema;
    }

    /** The columns that identify one row (gold: its grain); empty for append-only logs. */
    public List<String> key() {
        return key;
    }

    /** The partition columns, in order; empty when the table is not partitioned. */
    public List<String> partitionBy() {
        return partitionBy;
    }

    /** {@link #partitionBy()} as the array {@code Tables}' writes take. */
    public String[] partitionColumns() {
        return partitionBy.toArray(String[]::new);
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

    /** The declared schemas; a holder class, since an enum's constants cannot read its own static fields. */
    private static final class Schemas {
        static final List<String> BRONZE_KEY = List.of("source_file", "line_number");
        static final List<String> BRONZE_PARTITIONS = List.of("dump_date");

        static final StructType BRONZE = new StructType()
            .add("raw_record", DataTypes.StringType, false)
            .add("header", DataTypes.StringType, true)
            .add("line_number", DataTypes.LongType, false)
            .add("source_file", DataTypes.StringType, false)
            .add("dump_date", DataTypes.DateType, false)
            .add("ingested_at", DataTypes.TimestampType, false)
            .add("run_id", DataTypes.StringType, false)
            // Why the record's bytes could not be read faithfully ("too_long: ...", "bad_encoding: ...",
            // "nul_byte: ..."); null when they could. Added after the first release: older tables lack it.
            .add("read_defect", DataTypes.StringType, true);

        static final StructType QUARANTINE = new StructType()
            .add("source", DataTypes.StringType, false)
            .add("reason", DataTypes.StringType, false)
            .add("detail", DataTypes.StringType, true)
            .add("raw_record", DataTypes.StringType, true)
            .add("source_file", DataTypes.StringType, false)
            .add("line_number", DataTypes.LongType, false)
            .add("dump_date", DataTypes.DateType, false)
            .add("run_id", DataTypes.StringType, false)
            .add("quarantined_at", DataTypes.TimestampType, false);

        static final StructType INGESTED_FILES = new StructType()
            .add("source", DataTypes.StringType, false)
            .add("dump_date", DataTypes.DateType, false)
            .add("source_file", DataTypes.StringType, false)
            .add("size_bytes", DataTypes.LongType, false)
            .add("modified_at", DataTypes.TimestampType, false)
            .add("run_id", DataTypes.StringType, false)
            .add("ingested_at", DataTypes.TimestampType, false);

        static final StructType VALIDATED_FILES = new StructType()
            .add("source", DataTypes.StringType, false)
            .add("dump_date", DataTypes.DateType, false)
            .add("source_file", DataTypes.StringType, false)
            .add("run_id", DataTypes.StringType, false)
            .add("validated_at", DataTypes.TimestampType, false);

        static final StructType QUALITY_RESULTS = new StructType()
            .add("run_id", DataTypes.StringType, false)
            .add("stage", DataTypes.StringType, false)
            .add("table_name", DataTypes.StringType, false)
            .add("check", DataTypes.StringType, false)
            .add("severity", DataTypes.StringType, false)
            .add("constraint", DataTypes.StringType, false)
            .add("status", DataTypes.StringType, false)
            .add("message", DataTypes.StringType, true)
            .add("metric_name", DataTypes.StringType, true)
            .add("metric_instance", DataTypes.StringType, true)
            .add("metric_value", DataTypes.DoubleType, true)
            .add("recorded_at", DataTypes.TimestampType, false);

        static final StructType ROW_ACCOUNTING = new StructType()
            .add("run_id", DataTypes.StringType, false)
            .add("source", DataTypes.StringType, false)
            .add("dump_date", DataTypes.DateType, false)
            .add("metric", DataTypes.StringType, false)
            .add("reason", DataTypes.StringType, true)
            .add("rows", DataTypes.LongType, false)
            .add("recorded_at", DataTypes.TimestampType, false);

        static final StructType RUNS = new StructType()
            .add("run_id", DataTypes.StringType, false)
            .add("command", DataTypes.StringType, false)
            .add("started_at", DataTypes.TimestampType, false)
            .add("finished_at", DataTypes.TimestampType, false)
            .add("status", DataTypes.StringType, false)
            .add("exit_code", DataTypes.IntegerType, false)
            .add("summary", DataTypes.StringType, true)
            .add("silver_versions", DataTypes.StringType, true)
            // Added later: runs recorded before read it as null.
            .add("version", DataTypes.StringType, true);

        static final StructType FRESHNESS = new StructType()
            .add("source", DataTypes.StringType, false)
            .add("latest_landed", DataTypes.DateType, true)
            .add("latest_validated", DataTypes.DateType, true)
            .add("days_behind", DataTypes.IntegerType, true)
            .add("recorded_at", DataTypes.TimestampType, false)
            .add("run_id", DataTypes.StringType, false);

        static final StructType DOWNLOAD_VOLUME = new StructType()
            .add("month", DataTypes.DateType)
            .add("store", DataTypes.StringType)
            .add("country", DataTypes.StringType)
            .add("app_key", DataTypes.StringType)
            .add("app_name", DataTypes.StringType)
            .add("origin_country", DataTypes.StringType)
            .add("downloads", DataTypes.LongType)
            .add("revenue_usd", DataTypes.createDecimalType(20, 2));

        static final StructType IAP_SHARE_BY_ORIGIN = new StructType()
            .add("period_type", DataTypes.StringType)
            .add("period_start", DataTypes.DateType)
            .add("origin_country", DataTypes.StringType)
            .add("revenue_usd", DataTypes.createDecimalType(20, 2))
            .add("share", DataTypes.DoubleType)
            .add("paying_apps", DataTypes.LongType);

        static final StructType AD_MATERIAL_COUNTS = new StructType()
            .add("month", DataTypes.DateType)
            .add("network", DataTypes.StringType)
            .add("origin_country", DataTypes.StringType)
            .add("app_key", DataTypes.StringType)
            .add("new_creatives", DataTypes.LongType)
            .add("active_creatives", DataTypes.LongType);

        static final StructType APP_LISTING_DAYS = new StructType()
            .add("month", DataTypes.DateType)
            .add("date", DataTypes.DateType)
            .add("unified_app_id", DataTypes.StringType)
            .add("store", DataTypes.StringType)
            .add("app_id", DataTypes.StringType)
            .add("app_name", DataTypes.StringType)
            .add("as_of", DataTypes.TimestampType)
            .add("dump_date", DataTypes.DateType)
            .add("source_file", DataTypes.StringType)
            .add("line_number", DataTypes.LongType);

        static final StructType AD_CREATIVE_SPANS = new StructType()
            .add("unified_app_id", DataTypes.StringType)
            .add("store", DataTypes.StringType)
            .add("app_id", DataTypes.StringType)
            .add("network", DataTypes.StringType)
            .add("first_month", DataTypes.DateType)
            .add("last_month", DataTypes.DateType)
            .add("creatives", DataTypes.LongType);

        /** A source's conformed fields, then lineage: dump date, file, line, run. */
        static StructType silver(StructType fields) {
            List<StructField> f = new ArrayList<>(Arrays.asList(fields.fields()));
            f.add(DataTypes.createStructField("dump_date", DataTypes.DateType, false));
            f.add(DataTypes.createStructField("source_file", DataTypes.StringType, false));
            f.add(DataTypes.createStructField("line_number", DataTypes.LongType, false));
            f.add(DataTypes.createStructField("run_id", DataTypes.StringType, false));
            return DataTypes.createStructType(f);
        }
    }
}
