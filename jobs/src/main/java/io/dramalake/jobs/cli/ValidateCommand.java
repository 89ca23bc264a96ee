package io.dramalake.jobs.cli;

import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import io.dramalake.common.lake.LandingZone.Selection;
import io.dramalake.jobs.RunContext;
import io.dramalake.jobs.RunRecorder;
import io.dramalake.jobs.validate.ValidateJob;

/** {@code validate}: bronze to silver. */
@Parameters(commandNames = "validate",
    commandDescription = "Bronze -> silver: conform, quarantine rejects, deduplicate, verify with Deequ")
final class ValidateCommand extends Command.OnLake {
    @ParametersDelegate
    public SelectionOptions selection = new SelectionOptions();

    @ParametersDelegate
    public ResultJsonOption result = new ResultJsonOption();

    @Override
    int call(Invocation inv) {
        String lakeRoot = lake.resolve(inv.profile);
        Selection chosen = selection.toSelection();
        if (common.dryRun) {
            return inv.plan("lake: " + lakeRoot, Invocation.sources(chosen), Invocation.dumpDates(chosen));
        }
        RunContext ctx = inv.start(lakeRoot, false);
        return inv.exitCode(ctx, RunRecorder.run(ctx, inv.command, () -> new ValidateJob(ctx, chosen).run()));
    }
}
