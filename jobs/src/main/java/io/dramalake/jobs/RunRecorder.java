package io.dramalake.jobs;

import io.dramalake.common.spark.ShufflePartitions;
import io.dramalake.jobs.ops.Freshness;
import io.dramalake.jobs.ops.RunLog;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs a job and records it in {@code ops.runs} when it changed the lake or failed the quality
 * gate, so a run that found nothing to do leaves the lake exactly as it was.
 */
public final class RunRecorder {

    private RunRecorder() {
    }

    /** The commands after which {@code ops.freshness} may have changed; recorded before the run is. */
    private static final Set<String> FRESHNESS_AFTER = Set.of("ingest", "validate", "run", "demo");

    /**
     * The pipeline's commands: each of their stages sizes its work to its batch, and what is left is
     * bookkeeping on the small {@code ops} tables, which runs as a batch of nothing does.
     */
    private static final Set<String> SIZED_BY_STAGE = Set.of("ingest", "validate", "curate", "run", "demo");

    /** {@code command} is the name the run is recorded under (the CLI's command, e.g. {@code run}). */
    public static <R extends JobResult> R run(RunContext ctx, String command, Supplier<R> job) {
        return SIZED_BY_STAGE.contains(command) ? ShufflePartitions.sizedTo(ctx.spark(), 0, () -> record(ctx, command, job))
            : record(ctx, command, job);
    }

    private static <R extends JobResult> R record(RunContext ctx, String command, Supplier<R> job) {
        R result = job.get();
        if (result.changedLake() && FRESHNESS_AFTER.contains(command)) {
            Freshness.record(ctx);
        }
        if (result.changedLake() || result.qualityFailed()) {
            RunLog.append(ctx, command, result.qualityFailed() ? RunLog.Status.QUALITY_FAILED : RunLog.Status.SUCCEEDED,
                result.summary(), result.goldBuiltFrom());
        }
        return result;
    }
}
