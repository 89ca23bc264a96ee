package io.dramalake.jobs;

import io.dramalake.common.lake.Lake;
import io.dramalake.common.lake.Tables;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.spark.sql.SparkSession;

/** What the stages of one run share: the session, the lake's tables and the run's ID. */
public record RunContext(SparkSession spark, Tables tables, String runId, Instant startedAt) {

    private static final DateTimeFormatter RUN_ID_TIME =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    public static RunContext start(SparkSession spark, Lake lake) {
        Instant now = Instant.now();
        String runId = RUN_ID_TIME.format(now) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        return new RunContext(spark, new Tables(spark, lake, runId), runId, now);
    }

    public Lake lake() {
        return tables.lake();
    }

    /**
     * Names the Spark jobs that follow, e.g. {@code ingest app_intel -> bronze.app_intel}: the Spark UI,
     * the History Server and the progress lines show it; the jobs are grouped by run ID.
     */
    public void describe(String what) {
        spark.sparkContext().setJobGroup(runId, "dramalake " + what + " (run " + runId + ")", false);
    }
}
