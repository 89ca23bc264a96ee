package io.dramalake.jobs.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import io.dramalake.common.lake.Lake;
import io.dramalake.common.lake.LakeAccessException;
import io.dramalake.common.spark.ReadOnlySql;
import io.dramalake.jobs.sql.LakeCatalog;
import io.dramalake.jobs.sql.ResultPrinter;
import io.dramalake.jobs.sql.SqlJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/** {@code sql}: one read-only statement over the lake's tables. */
@Parameters(commandNames = "sql", commandDescription = "Query the lake with Spark SQL (bronze, silver, gold, ops)")
final class SqlCommand extends Command.OnLake {
    @Parameter(names = "--format", description = "Output format: table, csv or json (one object per line)")
    public String format = "table";

    @Parameter(names = "--max-rows", description = "Rows shown by the table format")
    public int maxRows = 1000;

    @Parameter(description = "QUERY")
    public List<String> query = new ArrayList<>();

    @Override
    int call(Invocation inv) {
        String lakeRoot = lake.resolve(inv.profile);
        if (query.isEmpty()) {
            throw new UsageException("sql needs a QUERY, e.g. \"SELECT * FROM gold.download_volume LIMIT 10\"");
        }
        ResultPrinter.Format chosen;
        try {
            chosen = ResultPrinter.Format.parse(format);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--format: '" + format + "' is not table, csv or json");
        }
        String statement = String.join(" ", query);
        inv.sqlText = statement;
        if (common.dryRun) {
            return inv.plan("lake: " + lakeRoot, "format: " + chosen.name().toLowerCase(Locale.ROOT),
                "query: " + statement);
        }
        SparkSession spark = inv.session();
        Lake l = new Lake(lakeRoot);
        if (LakeCatalog.register(spark, l).isEmpty()) {
            throw new LakeAccessException("no lake tables found at " + l.root()
                + " (run `dramalake run --landing DIR --lake " + l.root() + "` first)");
        }
        // Analysts' statements run in a session the read-only guard checks; the registration above does not.
        new SqlJob(ReadOnlySql.session(spark), chosen, statement, maxRows, inv.out).run();
        return ExitCode.OK;
    }
}
