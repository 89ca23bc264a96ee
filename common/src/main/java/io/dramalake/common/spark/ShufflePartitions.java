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
 *
 * <p>Work on a batch of at most one partition also runs its expressions interpreted, without
 * generated code: compiling each query's Java code costs a fifth of a small run's CPU, more than
 * evaluating a few thousand rows costs without it. Both ways compute the same values (Spark's
 * {@code spark.sql.codegen.factoryMode}, an internal setting its own tests run both ways with).
 */
public final class ShufflePartitions {

    private static final String KEY = "spark.sql.shuffle.partitions";
    private static final String WHOLE_STAGE = "spark.sql.codegen.wholeStage";
    /** Spark's choice between generated and interpreted projections, predicates and orderings. */
    private static final String FACTORY_MODE = "spark.sql.codegen.factoryMode";

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

    /**
     * The largest batch (uncompressed bytes) that runs interpreted: one partition, unless the system
     * property of this name says otherwise ({@code -1}: never, as the tests of the generated code use).
     */
    public static final String INTERPRETED_UP_TO = "dramalake.interpretedUpToBytes";

    /** Whether work on {@code bytes} (uncompressed) runs interpreted. */
    private static boolean interpreted(long bytes) {
        return bytes <= Long.getLong(INTERPRETED_UP_TO, BYTES_PER_PARTITION);
    }

    /**
     * Runs {@code work} with the partitions for {@code bytes}, interpreted when the batch is that
     * small; the session's settings are restored after. Larger work keeps the session's own codegen
     * settings, also inside small work.
     */
    public static <T> T sizedTo(SparkSession spark, long bytes, Supplier<T> work) {
        String before = spark.conf().get(KEY);
        String wholeStageBefore = setting(spark, WHOLE_STAGE);
        String factoryBefore = setting(spark, FACTORY_MODE);
        boolean outermost = SESSION_SETTING.get() == null;
        if (outermost) {
            SESSION_SETTING.set(spark.sessionState().conf().numShufflePartitions());
            SESSION_CODEGEN.set(new String[] {wholeStageBefore, factoryBefore});
        }
        spark.conf().set(KEY, String.valueOf(forBytes(spark, bytes)));
        if (interpreted(bytes)) {
            spark.conf().set(WHOLE_STAGE, "false");
            spark.conf().set(FACTORY_MODE, "NO_CODEGEN");
        } else {
            restore(spark, WHOLE_STAGE, SESSION_CODEGEN.get()[0]);
            restore(spark, FACTORY_MODE, SESSION_CODEGEN.get()[1]);
        }
        try {
            return work.get();
        } finally {
            spark.conf().set(KEY, before);
            restore(spark, WHOLE_STAGE, wholeStageBefore);
            restore(spark, FACTORY_MODE, factoryBefore);
            if (outermost) {
                SESSION_SETTING.remove();
                SESSION_CODEGEN.remove();
            }
        }
    }

    /** The session's codegen settings while work is sized (null where unset). */
    private static final ThreadLocal<String[]> SESSION_CODEGEN = new ThreadLocal<>();

    private static String setting(SparkSession spark, String key) {
        return spark.conf().getOption(key).getOrElse(() -> null);
    }

    private static void restore(SparkSession spark, String key, String value) {
        if (value == null) {
            spark.conf().unset(key);
        } else {
            spark.conf().set(key, value);
        }
    }
}
