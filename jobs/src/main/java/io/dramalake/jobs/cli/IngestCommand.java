package io.dramalake.jobs.cli;

import com.beust.jcommander.Parameters;
import io.dramalake.common.lake.LandingZone;
import io.dramalake.common.lake.LandingZone.Selection;
import io.dramalake.jobs.JobResult;
import io.dramalake.jobs.RunContext;
import io.dramalake.jobs.RunRecorder;
import io.dramalake.jobs.ingest.IngestJob;

/** {@code ingest}: landing to bronze. */
@Parameters(commandNames = "ingest", commandDescription = "Landing -> bronze: land new vendor dumps as raw records")
final class IngestCommand extends LandingToLakeOptions {
    @Override
    JobResult run(RunContext ctx, String command, LandingZone landing, Selection selection) {
        return RunRecorder.run(ctx, command, () -> new IngestJob(ctx, landing, selection).run());
    }
}
