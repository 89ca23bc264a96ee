package io.dramalake.jobs.sql;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import io.dramalake.jobs.cli.CommonOptions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** Runs one Spark SQL statement over the lake's registered tables and prints the result on stdout. */
public final class SqlJob {

    @Parameters(commandNames = "sql", commandDescription = "Query the lake with Spark SQL (bronze, silver, gold, ops)")
    public static final class Config {
        @ParametersDelegate
        public CommonOptions common = new CommonOptions();

        @Parameter(names = "--lake", description = "Lake root (local path or s3a://...)")
        public String lake;

        @Parameter(names = "--format", description = "Output format: table, csv or json (one object per line)")
        public String format = "table";

        @Parameter(names = "--max-rows", description = "Rows shown by the table format")
        public int maxRows = 1000;

        @Parameter(description = "QUERY")
        public List<String> query = new ArrayList<>();
    }

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
