package io.dramalake.jobs;

import io.dramalake.common.spark.SparkSessions;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The one SparkSession of the test JVM: small, local, UI off, bound to 127.0.0.1. */
public final class TestSpark {

    private static SparkSession spark;

    private TestSpark() {
    }

    public static synchronized SparkSession get() {
        if (spark == null) {
            spark = SparkSessions.getOrCreate("dramalake-tests", Map.of(
                "spark.master", "local[2]",
                "spark.ui.enabled", "false",
                "spark.driver.host", "127.0.0.1",
                "spark.driver.bindAddress", "127.0.0.1",
                "spark.sql.shuffle.partitions", "2",
                "spark.default.parallelism", "2",
                "spark.databricks.delta.snapshotPartitions", "1",
                // The fixtures' lakes are tiny: without this, curate would rebuild gold every time
                // and the tests would never take its update path.
                io.dramalake.jobs.curate.CurateJob.REBUILD_BELOW_MIB, "0"), null);
            spark.sparkContext().setLogLevel("WARN");
        }
        return spark;
    }
}
