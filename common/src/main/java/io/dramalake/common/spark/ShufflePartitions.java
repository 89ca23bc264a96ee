package io.dramalake.common.spark;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * Shuffle partitions sized to the batch a piece of work reads. The session's setting (32 by
 * default) is what a year-long backfill needs; a daily batch of a few megabytes pays for every one
 * of those partitions in tasks and scheduling, on every shuffle of every query (a quarter of a
 * small daily run). Work on a known batch runs with one partition per {@link #BYTES_PER_PARTITION}
 * of it, at least the cluster's default parallelism and at most the session's setting, which
 * comes back afterwards.
 *
 * <p>Work on a batch of at most one partition also runs its expressions interpreted, without
 * generated code: compiling each query's Java code costs a fifth of a small run's CPU, more than
 * evaluating a few thousand rows costs without it. Both ways compute the same values (Spark's
 * {@code spark.sql.codegen.factoryMode}, an internal setting its own tests run both ways with).
 * Such work is also planned once, without adaptive execution: with one or two partitions there is
 * nothing to coalesce or split, and re-planning after every shuffle made each stage a Spark job of
 * its own (45 % of a small daily run's jobs).
 */
public final class ShufflePartitions {

    private static final String KEY = "spark.sql.shuffle.partitions";

    /**
     * The settings of work on a small batch: no whole-stage code, projections, predicates and
     * orderings interpreted ({@code factoryMode}), and no adaptive re-planning. Larger work keeps
     * the session's own values.
     */
    private static final Map<String, String> SMALL_WORK = Map.of(
        "spark.sql.codegen.wholeStage", "false",
        "spark.sql.codegen.factoryMode", "NO_CODEGEN",
        "spark.sql.adaptive.enabled", "false");

    /** Uncompressed bytes per shuffle partition. */
    public static final long BYTES_PER_PARTITION = 128L << 20;

    /**
     * CSV and JSON lines compress about five to ten times, with gzip or as zstd Parquet: compressed
     * bytes count as this many uncompressed ones.
     */
    public static final int COMPRESSION_FACTOR = 8;

    private ShufflePartitions() {
    }

    /** The uncompressed size a landed file of {@code sizeBytes} is taken to have. */
    public static long uncompressedEstimate(String path, long sizeBytes) {
        return path.endsWith(".gz") ? sizeBytes * COMPRESSION_FACTOR : sizeBytes;
    }

    /**
     * The session's own settings while work is sized: its shuffle partitions (a sized part of sized
     * work may take more) and its values of {@link #SMALL_WORK}'s settings (null where unset), which
     * larger work inside small work runs with.
     */
    private record Outermost(int partitions, Map<String, String> smallWork) {
    }

    private static final ThreadLocal<Outermost> SESSION = new ThreadLocal<>();

    /** The partitions for {@code bytes} (uncompressed) with the session's setting as the most. */
    public static int forBytes(SparkSession spark, long bytes) {
        Outermost session = SESSION.get();
        int most = session != null ? session.partitions() : spark.sessionState().conf().numShufflePartitions();
        int least = Math.max(1, Math.min(most, spark.sparkContext().defaultParallelism()));
        long wanted = (Math.max(0, bytes) + BYTES_PER_PARTITION - 1) / BYTES_PER_PARTITION;
        return (int) Math.max(least, Math.min(most, wanted));
    }

    /**
     * The largest batch (uncompressed bytes) that runs as small work (interpreted, planned once): one
     * partition, unless the system property of this name says otherwise ({@code -1}: never, as the
     * tests of the generated code use).
     */
    public static final String INTERPRETED_UP_TO = "dramalake.interpretedUpToBytes";

    /** Whether work on {@code bytes} (uncompressed) runs with {@link #SMALL_WORK}'s settings. */
    private static boolean small(long bytes) {
        return bytes <= Long.getLong(INTERPRETED_UP_TO, BYTES_PER_PARTITION);
    }

    /**
     * Runs {@code work} with the partitions for {@code bytes}, interpreted and planned once when the
     * batch is that small; the session's settings are restored after. Larger work keeps the
     * session's own settings, also inside small work.
     */
    public static <T> T sizedTo(SparkSession spark, long bytes, Supplier<T> work) {
        String before = spark.conf().get(KEY);
        Map<String, String> settingsBefore = SessionSettings.current(spark, SMALL_WORK.keySet());
        boolean outermost = SESSION.get() == null;
        if (outermost) {
            SESSION.set(new Outermost(spark.sessionState().conf().numShufflePartitions(), settingsBefore));
        }
        spark.conf().set(KEY, String.valueOf(forBytes(spark, bytes)));
        SessionSettings.set(spark, small(bytes) ? SMALL_WORK : SESSION.get().smallWork());
        try {
            return work.get();
        } finally {
            spark.conf().set(KEY, before);
            SessionSettings.set(spark, settingsBefore);
            if (outermost) {
                SESSION.remove();
            }
        }
    }
}
