package io.dramalake.common.spark;

import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * Shuffle partitions sized to the batch a piece of work reads. The session's setting (32 by
 * default) is what a year-long backfill needs; a daily batch of a few megabytes pays for every one
 * of those partitions in tasks and scheduling, on every shuffle of every query (a quarter of a
 * small daily run). Work on a known batch runs with one partition per {@link #BYTES_PER_PARTITION}
 * of it, at least the cluster's default parallelism and at most the session's setting, which
 * comes back afterwards.
 */
public final class ShufflePartitions {

    private static final String KEY = "spark.sql.shuffle.partitions";

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

    /** The session's own setting while work is sized (a sized part of sized work may take more). */
    private static final ThreadLocal<Integer> SESSION_SETTING = new ThreadLocal<>();

    /** The partitions for {@code bytes} (uncompressed) with the session's setting as the most. */
    public static int forBytes(SparkSession spark, long bytes) {
        Integer setting = SESSION_SETTING.get();
        int most = setting != null ? setting : spark.sessionState().conf().numShufflePartitions();
        int least = Math.max(1, Math.min(most, spark.sparkContext().defaultParallelism()));
        long wanted = (Math.max(0, bytes) + BYTES_PER_PARTITION - 1) / BYTES_PER_PARTITION;
        return (int) Math.max(least, Math.min(most, wanted));
    }

    /** Runs {@code work} with the partitions for {@code bytes}; the session's setting is restored after. */
    public static <T> T sizedTo(SparkSession spark, long bytes, Supplier<T> work) {
        String before = spark.conf().get(KEY);
        boolean outermost = SESSION_SETTING.get() == null;
        if (outermost) {
            SESSION_SETTING.set(spark.sessionState().conf().numShufflePartitions());
        }
        spark.conf().set(KEY, String.valueOf(forBytes(spark, bytes)));
        try {
            return work.get();
        } finally {
            spark.conf().set(KEY, before);
            if (outermost) {
                SESSION_SETTING.remove();
            }
        }
    }
}
