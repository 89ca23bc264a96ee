package io.dramalake.jobs;

import static org.apache.spark.sql.functions.col;

import com.beust.jcommander.Parameters;
import io.dramalake.common.lake.LakeTable;
import io.dramalake.common.lake.LandingZone;
import io.dramalake.common.lake.LandingZone.Selection;
import io.dramalake.jobs.cli.LandingToLakeOptions;
import io.dramalake.jobs.curate.CurateJob;
import io.dramalake.jobs.curate.CurateScope;
import io.dramalake.jobs.curate.SilverVersions;
import io.dramalake.jobs.ingest.IngestJob;
import io.dramalake.jobs.validate.ValidateJob;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * The main job: ingest, validate and curate in order. Gold is rebuilt only when silver changed
 * since gold was last published, so a rerun over the same landing changes nothing.
 */
public final class PipelineJob {

    @Parameters(commandNames = "run", commandDescription = "The main job: ingest, validate and curate in order")
    public static final class Config extends LandingToLakeOptions {
    }

    /** The three stages' results ({@code curate} is null when it did not run) and their wall times. */
    public record Result(IngestJob.Result ingest, ValidateJob.Result validate, CurateJob.Result curate,
                         Map<String, Double> seconds) {
        public boolean changedLake() {
            return ingest.changedLake() || validate.changedLake() || curate != null;
        }

        public boolean qualityFailed() {
            return validate.blocked() || (curate != null && !curate.published());
        }

        public String summary() {
            return ingest.summary() + "\n" + validate.summary() + "\n"
                + (curate == null ? (validate.blocked() ? "curate: skipped, silver failed an error check"
                : "curate: gold is up to date") : curate.summary()) + "\n" + timings();
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
        DriverMemory.watch();
        Map<String, Double> seconds = new LinkedHashMap<>();
        long start = System.nanoTime();
        IngestJob.Result ingest = timed(seconds, "ingest", () -> new IngestJob(ctx, landing, selection).run());
        SilverVersions before = SilverVersions.read(ctx);
        String silverBefore = before.toString();
        ValidateJob.Result validate = timed(seconds, "validate", () -> new ValidateJob(ctx, selection).run());
        CurateJob.Result curate = null;
        if (!validate.blocked()) {
            curate = timed(seconds, "curate", () -> {
                if (!validate.changedLake() && goldBuiltFrom(CurateJob.silverVersions(ctx))) {
                    return null;
                }
                // Gold built from the silver this run started with: only what this run wrote can differ.
                boolean incremental = validate.changedLake() && goldBuiltFrom(silverBefore)
                    && LakeTable.all().stream().filter(t -> t.database().equals(LakeTable.GOLD))
                    .allMatch(t -> ctx.tables().exists(t));
                return incremental
                    ? new CurateJob(ctx).run(CurateScope.of(ctx, ctx.runId(), before))
                    : new CurateJob(ctx).run();
            });
        }
        seconds.put("total", (System.nanoTime() - start) / 1e9);
        return new Result(ingest, validate, curate, seconds);
    }

    private <T> T timed(Map<String, Double> seconds, String stage, java.util.function.Supplier<T> work) {
        ctx.describe(stage);
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            seconds.put(stage, (System.nanoTime() - start) / 1e9);
        }
    }

    /** Whether the last published gold was built from exactly these silver versions. */
    private boolean goldBuiltFrom(String silverVersions) {
        if (!ctx.tables().exists(LakeTable.OPS_RUNS) || !ctx.tables().exists(LakeTable.GOLD_DOWNLOAD_VOLUME)) {
            return false;
        }
        List<Row> last = ctx.tables().read(LakeTable.OPS_RUNS)
            .filter(col("silver_versions").isNotNull().and(col("status").equalTo("succeeded")))
            .orderBy(col("finished_at").desc()).select("silver_versions").limit(1).collectAsList();
        return !last.isEmpty() && silverVersions.equals(last.get(0).getString(0));
    }
}
