package io.dramalake.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dramalake.common.spark.ShufflePartitions;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Shuffle partitions follow the batch: one per 128 MiB, between the cores (2 here) and the session's 32. */
class ShufflePartitionsTest {

    private static final long MIB = 1L << 20;
    private final SparkSession spark = TestSpark.get();
    private String before;

    @BeforeEach
    void backfillSetting() {
        before = spark.conf().get("spark.sql.shuffle.partitions");
        spark.conf().set("spark.sql.shuffle.partitions", "32");
    }

    @AfterEach
    void restore() {
        spark.conf().set("spark.sql.shuffle.partitions", before);
    }

    @Test
    void partitionsPer128MibBetweenTheCoresAndTheSessionSetting() {
        assertEquals(2, spark.sparkContext().defaultParallelism());
        assertEquals(2, ShufflePartitions.forBytes(spark, 0));
        assertEquals(2, ShufflePartitions.forBytes(spark, 128 * MIB));
        assertEquals(3, ShufflePartitions.forBytes(spark, 2 * 128 * MIB + 1));
        assertEquals(32, ShufflePartitions.forBytes(spark, 32 * 128 * MIB));
        assertEquals(32, ShufflePartitions.forBytes(spark, 10_000 * MIB));
        spark.conf().set("spark.sql.shuffle.partitions", "1");
        assertEquals(1, ShufflePartitions.forBytes(spark, 10_000 * MIB), "never more than the session's setting");
    }

    @Test
    void gzipFilesCountEightTimesTheirSize() {
        assertEquals(80, ShufflePartitions.uncompressedEstimate("app_intel/dump_date=2025-01-02/a.csv.gz", 10));
        assertEquals(10, ShufflePartitions.uncompressedEstimate("ad_creatives/dump_date=2025-01-02/b.jsonl", 10));
    }

    @Test
    void theSessionSettingComesBackAfterTheWorkAndAfterAFailure() {
        String inside = ShufflePartitions.sizedTo(spark, 5 * 128 * MIB,
            () -> spark.conf().get("spark.sql.shuffle.partitions"));
        assertEquals("5", inside);
        assertEquals("32", spark.conf().get("spark.sql.shuffle.partitions"));
        String nested = ShufflePartitions.sizedTo(spark, 0, () -> ShufflePartitions.sizedTo(spark, 20 * 128 * MIB,
            () -> spark.conf().get("spark.sql.shuffle.partitions")));
        assertEquals("20", nested, "a sized part of sized work is capped by the session's setting, not the outer size");
        assertThrows(IllegalStateException.class, () -> ShufflePartitions.sizedTo(spark, 0, () -> {
            throw new IllegalStateException("stage failed");
        }));
        assertEquals("32", spark.conf().get("spark.sql.shuffle.partitions"));
    }

    @Test
    void aBatchOfOnePartitionRunsInterpretedAndPlannedOnceAndALargerOneGeneratedCodeAndAdaptive() {
        assertEquals("false|NO_CODEGEN|false", ShufflePartitions.sizedTo(spark, 128 * MIB, this::codegen));
        assertEquals("true|FALLBACK|true", ShufflePartitions.sizedTo(spark, 128 * MIB + 1, this::codegen));
        assertEquals("true|FALLBACK|true", ShufflePartitions.sizedTo(spark, 0,
            () -> ShufflePartitions.sizedTo(spark, 200 * MIB, this::codegen)), "a large part of small work");
        assertEquals("true|FALLBACK|true", codegen(), "the session's settings come back");
        spark.conf().set("spark.sql.codegen.wholeStage", "false");
        spark.conf().set("spark.sql.adaptive.enabled", "false");
        try {
            assertEquals("false|FALLBACK|false", ShufflePartitions.sizedTo(spark, 0,
                () -> ShufflePartitions.sizedTo(spark, 200 * MIB, this::codegen)), "a profile's own settings hold");
        } finally {
            spark.conf().unset("spark.sql.codegen.wholeStage");
            spark.conf().set("spark.sql.adaptive.enabled", "true");
        }
        // The plan follows: a shuffle is re-planned adaptively only in large work.
        java.util.function.Supplier<Boolean> adaptive = () -> spark.range(0, 10).groupBy("id").count()
            .queryExecution().executedPlan() instanceof org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
        assertEquals(false, ShufflePartitions.sizedTo(spark, 0, adaptive));
        assertEquals(true, ShufflePartitions.sizedTo(spark, 1L << 40, adaptive));
        // One SQL answer either way: a filter, a projection and a sort.
        java.util.function.Supplier<String> query = () -> spark.range(0, 7).selectExpr("id * 3 % 5 AS v")
            .where("v > 0").orderBy("v").collectAsList().toString();
        assertEquals("[[1], [2], [3], [3], [4]]", ShufflePartitions.sizedTo(spark, 0, query));
        assertEquals(ShufflePartitions.sizedTo(spark, 0, query), ShufflePartitions.sizedTo(spark, 1L << 40, query));
    }

    private String codegen() {
        return spark.conf().get("spark.sql.codegen.wholeStage") + "|" + spark.conf().get("spark.sql.codegen.factoryMode")
            + "|" + spark.conf().get("spark.sql.adaptive.enabled");
    }
}
