package io.dramalake.jobs.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParametersDelegate;
import io.dramalake.common.contract.Source;
import io.dramalake.common.lake.LandingZone;
import io.dramalake.common.lake.LandingZone.Selection;
import io.dramalake.jobs.JobResult;
import io.dramalake.jobs.RunContext;
import io.dramalake.jobs.ingest.DumpArrival;
import java.util.ArrayList;
import java.util.List;

/** The options of a command that reads the landing zone into the lake (ingest, run). */
abstract class LandingToLakeOptions extends Command.OnLake {
    @Parameter(names = "--landing", description = "Landing zone root (local path or s3a://...)")
    public String landing;

    @ParametersDelegate
    public SelectionOptions selection = new SelectionOptions();

    @ParametersDelegate
    public ResultJsonOption result = new ResultJsonOption();

    @Parameter(names = "--allow-missing",
        description = "With --dump-date: land the dump although this required source has not arrived (repeatable)")
    public List<String> allowMissing = new ArrayList<>();

    @Override
    final int call(Invocation inv) {
        String landingRoot = Invocation.required("--landing", landing, inv.profile.get(Profile.LANDING));
        String lakeRoot = lake.resolve(inv.profile);
        Selection chosen = selection.toSelection();
        inv.profile.futureDumpDays(); // a bad value is a usage error before anything starts
        List<Source> required = RequiredSources.of(inv.profile, chosen, allowMissing);
        if (common.dryRun) {
            return inv.plan("landing: " + landingRoot, "lake: " + lakeRoot, Invocation.sources(chosen),
                Invocation.dumpDates(chosen));
        }
        if (RequiredSources.oneDump(chosen)) {
            // Before the lake is touched: a dump that has not arrived leaves it as it was.
            DumpArrival.require(new LandingZone(landingRoot, inv.session().sparkContext().hadoopConfiguration()),
                chosen.from(), required, inv.profile.dumpMarker());
        }
        checkSettings(inv);
        RunContext ctx = inv.start(lakeRoot, true);
        return inv.exitCode(ctx, run(ctx, inv.command, inv.landingZone(ctx, landingRoot), chosen));
    }

    /** Checks the session settings of the command's jobs before the lake is touched (none by default). */
    void checkSettings(Invocation inv) {
    }

    /** The job, recorded in {@code ops.runs} under {@code command}. */
    abstract JobResult run(RunContext ctx, String command, LandingZone landing, Selection selection);
}
