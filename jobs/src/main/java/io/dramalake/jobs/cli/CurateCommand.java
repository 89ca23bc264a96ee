package io.dramalake.jobs.cli;

import com.beust.jcommander.Parameters;
import io.dramalake.jobs.RunContext;
import io.dramalake.jobs.RunRecorder;
import io.dramalake.jobs.curate.CurateJob;

/** {@code curate}: silver to gold, every gold table rebuilt. */
@Parameters(commandNames = "curate", commandDescription = "Silver -> gold: rebuild the curated tables")
final class CurateCommand extends Command.OnLake {
    @Override
    int call(Invocation inv) {
        String lakeRoot = lake.resolve(inv.profile);
        if (common.dryRun) {
            return inv.plan("lake: " + lakeRoot);
        }
        RunContext ctx = inv.start(lakeRoot, false);
        return inv.exitCode(ctx, RunRecorder.run(ctx, inv.command, () -> new CurateJob(ctx).run()));
    }
}
