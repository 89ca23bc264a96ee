package io.dramalake.jobs.cli;

import com.beust.jcommander.Parameters;
import io.dramalake.common.lake.LandingZone;
import io.dramalake.common.lake.LandingZone.Selection;
import io.dramalake.jobs.JobResult;
import io.dramalake.jobs.PipelineJob;
import io.dramalake.jobs.RunContext;
import io.dramalake.jobs.RunRecorder;

/** {@code run}: the main job, ingest, validate and curate in order. */
@Parameters(commandNames = "run", commandDescription = "The main job: ingest, validate and curate in order")
final class RunCommand extends LandingToLakeOptions {
    @Override
    void checkSettings(Invocation inv) {
        CurateCommand.checkSettings(inv);
    }

    @Override
    JobResult run(RunContext ctx, String command, LandingZone landing, Selection selection) {
        return RunRecorder.run(ctx, command, () -> new PipelineJob(ctx, landing, selection).run());
    }
}
