package io.dramalake.jobs;

import io.dramalake.common.lake.LandingZone;
import io.dramalake.common.spark.JobCounter;
import io.dramalake.common.lake.LandingZone.Selection;
import io.dramalake.jobs.curate.CurateJob;
import io.dramalake.jobs.ingest.IngestJob;
import io.dramalake.jobs.validate.ValidateJob;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The main job: ingest, validate and curate in order. Gold is rebuilt only when silver changed
 * since gold was last published, so a rerun over the same landing changes nothing.
 */
public final class PipelineJob {

    /** The three stages' results ({@code curate} is null when it did not run) and their wall times. */
    public record Result(IngestJob.Result ingest, ValidateJob.Result validate, CurateJob.Result curate,
                         Map<String, Double> seconds, Map<String, JobCounter.Counts> jobs) implements JobResult {
        @Override
        public boolean changedLake() {
            return ingest.changedLake() || validate.changedLake() || curate != null;
        }

        @Override
        public boolean qualityFailed() {
            return validate.qualityFailed() || (curate != null && curate.qualityFailed());
        }

        @Override
        public String goldBuiltFrom() {
            return curate == null ? null : curate.goldBuiltFrom();
        }

        @Override
        public String summary() {
            return ingest.summary() + "\n" + validate.summary() + "\n"
                + (curate == null ? (validate.qualityFailed() ? "curate: skipped, silver failed an error check"
                : "curate: gold is up to date") : curate.summary()) + "\n" + timings() + "\n" + JobCounter.line(jobs);
        }

        /** One line a benchmark can parse: stage wall times and the driver's peak heap. */
        public String timings() {
            StringBuilder sb = new StringBuilder("timings:");
            seconds.forEach((stage, s) -> sb.append(' ').append(stage).append('=')
                .append(String.format(java.util.Locale.ROOT, "%.1f", s)).append('s'));
            return sb.append(" driver_heap_peak_mib=").append(DriverMemory.peakHeapMib()).toString();
        }
    }

    private final RunContext ctx;
    private final LandingZone landing;
    private final Selection selection;

    public PipelineJob(RunContext ctx, LandingZone landing, Selection selection) {
        this.ctx = ctx;
        this.landing = landing;
        this.selection = selection;
    }

    public Result run() {
        try (JobCounter counter = JobCounter.start(ctx.spark())) {
            return run(counter);
        }
    }

    private Result run(JobCounter counter) {
        DriverMemory.watch();
        Map<String, Double> seconds = new LinkedHashMap<>();
        long start = System.nanoTime();
        IngestJob.Result ingest = timed(counter, seconds, "ingest", () -> new IngestJob(ctx, landing, selection).run());
        ValidateJob.Result validate = timed(counter, seconds, "validate", () -> new ValidateJob(ctx, selection).run());
        CurateJob.Result curate = null;
        if (!validate.qualityFailed()) {
            // The same path as `curate` alone: gold follows what changed in silver since it was built.
            curate = timed(counter, seconds, "curate", () -> new CurateJob(ctx, validate.bytesValidated()).runIfStale());
        }
        seconds.put("total", (System.nanoTime() - start) / 1e9);
        if (Boolean.getBoolean(PROFILE_JOBS)) {
            counter.profile().forEach(l -> System.err.println("dramalake.jobs: " + l));
        }
        return new Result(ingest, validate, curate, seconds, counter.counts());
    }

    /** System property: when true, every run prints its Spark jobs per stage and call site on stderr. */
    public static final String PROFILE_JOBS = "dramalake.profileJobs";

    private <T> T timed(JobCounter counter, Map<String, Double> seconds, String stage,
                               java.util.function.Supplier<T> work) {
        ctx.describe(stage);
        long start = System.nanoTime();
        try {
            return counter.stage(stage, work);
        } finally {
            seconds.put(stage, (System.nanoTime() - start) / 1e9);
        }
    }

}
