package io.dramalake.jobs.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import io.dramalake.jobs.RunContext;
import io.dramalake.jobs.RunRecorder;
import io.dramalake.jobs.curate.CurateJob;

/** {@code curate}: silver to gold for what changed in silver since gold was built; {@code --full} rebuilds it. */
@Parameters(commandNames = "curate",
    commandDescription = "Silver -> gold: update the curated tables for what changed in silver since they were built")
final class CurateCommand extends Command.OnLake {
    @Parameter(names = "--full", description = "Rebuild every gold table from the whole of silver")
    boolean full;

    @ParametersDelegate
    public ResultJsonOption result = new ResultJsonOption();

    @Override
    int call(Invocation inv) {
        String lakeRoot = lake.resolve(inv.profile);
        if (common.dryRun) {
            return inv.plan("lake: " + lakeRoot, full ? "gold: rebuilt from the whole of silver"
                : "gold: updated for what changed in silver since it was built");
        }
        checkSettings(inv);
        RunContext ctx = inv.start(lakeRoot, false);
        return inv.exitCode(ctx, RunRecorder.run(ctx, inv.command,
            () -> full ? new CurateJob(ctx).rebuild() : new CurateJob(ctx).run()));
    }

    /** Curate's session settings, read before the lake is touched: a bad one is a usage error. */
    static void checkSettings(Invocation inv) {
        try {
            CurateJob.rebuildBelowMiB(inv.session());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
