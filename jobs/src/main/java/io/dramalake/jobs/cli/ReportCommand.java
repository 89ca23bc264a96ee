package io.dramalake.jobs.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import io.dramalake.common.lake.Lake;
import io.dramalake.common.lake.LakeAccessException;
import io.dramalake.jobs.report.ReportJob;
import io.dramalake.jobs.sql.LakeCatalog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** {@code report}: one self-contained HTML page of the analysts' questions and the latest quality. */
@Parameters(commandNames = "report",
    commandDescription = "Write a self-contained HTML report: downloads, IAP share by origin, ad materials, quality")
final class ReportCommand extends Command.OnLake {
    @Parameter(names = "--out", description = "HTML file to write (its directory is created)")
    public String out;

    @Override
    int call(Invocation inv) throws IOException {
        String lakeRoot = lake.resolve(inv.profile);
        if (out == null || out.isBlank()) {
            throw new UsageException("--out FILE.html is required");
        }
        if (common.dryRun) {
            return inv.plan("lake: " + lakeRoot, "out: " + out);
        }
        SparkSession spark = inv.session();
        Lake l = new Lake(lakeRoot);
        List<String> registered = LakeCatalog.register(spark, l);
        for (String needed : ReportJob.TABLES) {
            if (!registered.contains(needed)) {
                throw new LakeAccessException("the lake at " + l.root() + " has no " + needed
                    + " yet (run `dramalake run --landing DIR --lake " + l.root() + "` first)");
            }
        }
        long bytes = new ReportJob(spark, l.root()).write(Path.of(out));
        inv.out.println("report written to " + out + " (" + bytes + " bytes)");
        return ExitCode.OK;
    }
}
