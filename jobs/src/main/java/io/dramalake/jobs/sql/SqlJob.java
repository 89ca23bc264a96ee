package io.dramalake.jobs.sql;

import java.io.PrintStream;
import org.apache.spark.sql.SparkSession;

/** Runs one Spark SQL statement over the lake's registered tables and prints the result on stdout. */
public final class SqlJob {

    private final SparkSession spark;
    private final ResultPrinter.Format format;
    private final String query;
    private final int maxRows;
    private final PrintStream out;

    public SqlJob(SparkSession spark, ResultPrinter.Format format, String query, int maxRows, PrintStream out) {
        this.spark = spark;
        this.format = format;
        this.query = query;
        this.maxRows = maxRows;
        this.out = out;
    }

    /** Prints the rows and returns their number. */
    public long run() {
        return ResultPrinter.print(spark.sql(query), format, out, maxRows);
    }
}
