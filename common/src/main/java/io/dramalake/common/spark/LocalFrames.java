package io.dramalake.common.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Small frames (a few thousand rows, e.g. {@code silver.apps}) held on the driver: Spark answers
 * filters, projections and collects over such a frame without a job or a Delta scan, where the
 * same query over the table costs a snapshot lookup, a file-skipping query and a scan each time.
 */
public final class LocalFrames {

    private LocalFrames() {
    }

    /** The frame's rows, read once (one job), as a frame of the same schema backed by driver memory. */
    public static Dataset<Row> of(Dataset<Row> frame) {
        return frame.sparkSession().createDataFrame(frame.collectAsList(), frame.schema());
    }
}
