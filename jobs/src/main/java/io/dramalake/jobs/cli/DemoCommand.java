package io.dramalake.jobs.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import io.dramalake.common.lake.LandingZone.Selection;
import io.dramalake.jobs.PipelineJob;
import io.dramalake.jobs.RunContext;
import io.dramalake.jobs.RunRecorder;
import io.dramalake.jobs.demo.DemoJob;
import io.dramalake.jobs.sample.SampleGenerator;
import io.dramalake.jobs.sample.SampleOptions;
import io.dramalake.jobs.sql.LakeCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code demo}: a sample landing zone, the main job over it, and the three questions answered. */
@Parameters(commandNames = "demo",
    commandDescription = "Generate a sample, run the pipeline on it, and print the answers to the three questions")
final class DemoCommand extends Command {
    @Parameter(names = "--workdir", description = "Empty or new directory for the sample landing zone and lake (default: a new temporary directory)")
    public String workdir;

    @Parameter(names = "--seed", description = "Sample seed")
    public long seed = 42;

    @Override
    int call(Invocation inv) throws IOException {
        Path dir = workdir == null ? null : Path.of(workdir);
        if (dir != null && Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new UsageException("--workdir " + dir + " is not empty");
                }
            }
        }
        if (common.dryRun) {
            return inv.plan("workdir: " + (dir == null ? "a new temporary directory" : dir));
        }
        if (dir == null) {
            dir = Files.createTempDirectory("dramalake-demo-");
        }
        Path landing = dir.resolve("landing");
        String lake = dir.resolve("lake").toString();
        inv.out.println("Generating a sample landing zone in " + landing + " ...");
        inv.out.println(new SampleGenerator(SampleOptions.defaults().withSeed(seed)).generate(landing));
        RunContext ctx = inv.start(lake, true);
        int code = inv.exitCode(ctx, RunRecorder.run(ctx, inv.command,
            () -> new PipelineJob(ctx, inv.landingZone(ctx, landing.toString()), Selection.all()).run()));
        if (code != ExitCode.OK) {
            return code;
        }
        LakeCatalog.register(ctx.spark(), ctx.lake());
        new DemoJob(ctx.spark(), inv.out).printAnswers();
        inv.out.println();
        inv.out.println("The lake is at " + lake + "; query it with:");
        inv.out.println("  scripts/dramalake sql --lake " + lake + " \"SELECT * FROM gold.download_volume LIMIT 10\"");
        return ExitCode.OK;
    }
}
