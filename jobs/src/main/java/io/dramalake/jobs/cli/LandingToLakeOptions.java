package io.dramalake.jobs.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParametersDelegate;
import io.dramalake.common.lake.LandingZone;
import io.dramalake.common.lake.LandingZone.Selection;
import io.dramalake.jobs.JobResult;
import io.dramalake.jobs.RunContext;

/** The options of a command that reads the landing zone into the lake (ingest, run). */
abstract class LandingToLakeOptions extends Command.OnLake {
    @Parameter(names = "--landing", description = "Landing zone root (local path or s3a://...)")
    public String landing;

    @ParametersDelegate
    public SelectionOptions selection = new SelectionOptions();

    @Override
    final int call(Invocation inv) {
        String landingRoot = Invocation.required("--landing", landing, inv.profile.get(Profile.LANDING));
        String lakeRoot = lake.resolve(inv.profile);
        Selection chosen = selection.toSelection();
        inv.profile.futureDumpDays(); // a bad value is a usage error before anything starts
        if (common.dryRun) {
            return inv.plan("landing: " + landingRoot, "lake: " + lakeRoot, Invocation.sources(chosen),
                Invocation.dumpDates(chosen));
        }
        RunContext ctx = inv.start(lakeRoot, true);
        return inv.exitCode(ctx, run(ctx, inv.command, inv.landingZone(ctx, landingRoot), chosen));
    }

    /** The job, recorded in {@code ops.runs} under {@code command}. */
    abstract JobResult run(RunContext ctx, String command, LandingZone landing, Selection selection);
}
