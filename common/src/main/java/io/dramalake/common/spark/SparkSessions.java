package io.dramalake.common.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one place a SparkSession is built. Precedence, lowest first: the defaults below, the
 * profile ({@code --conf FILE}), settings already on the JVM (spark-submit's {@code --conf}),
 * then an explicit {@code --master}. Code never picks a master: profiles and spark-submit do.
 */
public final class SparkSessions {

    /** Settings the jobs rely on; all of them can be overridden. */
    public static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
        d.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
        // Days and as_of are UTC in the contract; never let the machine's zone leak in.
        d.put("spark.sql.session.timeZone", "UTC");
        // Conformance returns null for bad values itself; ANSI mode would turn edge cases into failures.
        d.put("spark.sql.ansi.enabled", "false");
        // Spark's 200 shuffle partitions and Delta's 50 snapshot partitions make small jobs many times
        // slower; 32 (coalesced by AQE when small) still keeps a year-long backfill's tasks in memory.
        d.put("spark.sql.shuffle.partitions", "32");
        d.put("spark.databricks.delta.snapshotPartitions", "4");
        d.put("spark.sql.adaptive.enabled", "true");
        d.put("spark.databricks.delta.merge.repartitionBeforeWrite.enabled", "true");
        d.put("spark.databricks.delta.retentionDurationCheck.enabled", "true");
        d.put("spark.sql.parquet.compression.codec", "zstd");
        // A cached batch is read once or twice within one stage of a job: choosing and applying
        // column encodings to it took 40 % of validate's conform pass (a year of creatives).
        d.put("spark.sql.inMemoryColumnarStorage.compressed", "false");
        // Delta's log and bronze's rows have more than Spark's 25 fields a plan's text shows, which
        // otherwise prints a truncation warning on every command; plan text is only for the UI and logs.
        d.put("spark.sql.debug.maxToStringFields", "1000");
        // Registering databases must not leave a spark-warehouse folder in the user's directory.
        d.put("spark.sql.warehouse.dir",
            new java.io.File(System.getProperty("java.io.tmpdir"), "dramalake-spark-warehouse").toURI().toString());
        DEFAULTS = java.util.Collections.unmodifiableMap(d);
    }

    private SparkSessions() {
    }

    /**
     * Builds (or joins) the session. {@code profile} holds the profile's {@code spark.*} keys;
     * {@code master} may be null.
     */
    public static SparkSession getOrCreate(String appName, Map<String, String> profile, String master) {
        SparkConf conf = new SparkConf(true);
        Map<String, String> wanted = new LinkedHashMap<>(DEFAULTS);
        profile.forEach((k, v) -> {
            if (k.startsWith("spark.")) {
                wanted.put(k, v);
            }
        });
        wanted.forEach((k, v) -> {
            if (System.getProperty(k) == null) {
                conf.set(k, v);
            }
        });
        conf.set("spark.sql.extensions", withReadOnlyGuard(conf.get("spark.sql.extensions", "")));
        if (master != null && !master.isBlank()) {
            conf.setMaster(master);
        }
        if (!conf.contains("spark.app.name")) {
            conf.setAppName(appName);
        }
        return SparkSession.builder().config(conf).getOrCreate();
    }

    /**
     * The extensions list with {@link ReadOnlySql}'s last, whatever a profile or spark-submit set: its
     * parser must wrap Delta's, or Delta's own statements (OPTIMIZE, VACUUM, RESTORE) would pass unchecked.
     */
    static String withReadOnlyGuard(String extensions) {
        java.util.List<String> list = new java.util.ArrayList<>();
        for (String e : extensions.split(",")) {
            if (!e.isBlank() && !e.trim().equals(ReadOnlySql.EXTENSION)) {
                list.add(e.trim());
            }
        }
        list.add(ReadOnlySql.EXTENSION);
        return String.join(",", list);
    }
}
