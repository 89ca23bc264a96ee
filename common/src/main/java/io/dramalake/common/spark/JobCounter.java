package io.dramalake.common.spark;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart;

/**
 * Counts the Spark jobs and SQL executions a piece of work issues, per named stage: the measure
 * of fixed per-run overhead (timings on a shared machine vary, these counts do not). Work runs in
 * {@link #stage}, which tags its jobs; jobs issued outside any stage count under {@code other}.
 */
public final class JobCounter extends SparkListener implements AutoCloseable {

    private static final String TAG_PREFIX = "dramalake-stage-";
    private static final String OTHER = "other";

    /** What a stage issued. */
    public record Counts(long jobs, long sqlExecutions, long deltaFileScans) {
        Counts plus(Counts o) {
            return new Counts(jobs + o.jobs, sqlExecutions + o.sqlExecutions, deltaFileScans + o.deltaFileScans);
        }
    }

    private final SparkSession spark;
    private final Map<String, AtomicLong[]> counts = new ConcurrentHashMap<>();
    /** Jobs, and SQL executions, per stage and call site (where in our code each came from), for profiling. */
    private final Map<String, AtomicLong> sites = new ConcurrentHashMap<>();

    private JobCounter(SparkSession spark) {
        this.spark = spark;
    }

    /** Starts counting every job of the session until {@link #close}. */
    public static JobCounter start(SparkSession spark) {
        JobCounter c = new JobCounter(spark);
        spark.sparkContext().addSparkListener(c);
        return c;
    }

    /** Runs {@code work} with its jobs counted under {@code name}. */
    public <T> T stage(String name, Supplier<T> work) {
        String tag = TAG_PREFIX + name;
        spark.sparkContext().addJobTag(tag);
        try {
            return work.get();
        } finally {
            spark.sparkContext().removeJobTag(tag);
        }
    }

    @Override
    public void onJobStart(SparkListenerJobStart job) {
        String tags = job.properties() == null ? null : job.properties().getProperty("spark.job.tags");
        String stage = stageOf(tags == null ? java.util.List.of() : java.util.Arrays.asList(tags.split(",")));
        slot(stage)[0].incrementAndGet();
        String site = job.properties() == null ? null : job.properties().getProperty("callSite.short");
        if (site == null && job.stageInfos().nonEmpty()) {
            site = job.stageInfos().head().name();
        }
        // Delta's jobs share one call site; the end of their description (Delta appends its operation
        // to the stage's) tells them apart.
        String description = job.properties() == null ? null : job.properties().getProperty("spark.job.description");
        if (description != null) {
            site = site + " [" + (description.length() > 80 ? "..." + description.substring(description.length() - 80)
                : description) + "]";
        }
        sites.computeIfAbsent(stage + " | " + site, k -> new AtomicLong()).incrementAndGet();
    }

    @Override
    public void onOtherEvent(SparkListenerEvent event) {
        if (event instanceof SparkListenerSQLExecutionStart sql) {
            String stage = stageOf(scala.collection.JavaConverters.setAsJavaSet(sql.jobTags()));
            AtomicLong[] s = slot(stage);
            s[1].incrementAndGet();
            // Delta's data-skipping query over the log (one per table read with a filter).
            boolean fileScan = sql.description() != null && sql.description().contains("Filtering files for query");
            if (fileScan) {
                s[2].incrementAndGet();
            }
            // Where in our code the execution started: the first of our frames in its call site
            // (none when Delta or Spark started it on a thread of their own).
            String frame = sql.details() == null ? null : sql.details().lines().map(String::trim)
                .filter(l -> l.startsWith("io.dramalake.")).findFirst().orElse(null);
            sites.computeIfAbsent(stage + " | SQL " + (fileScan ? "Delta file filtering" : "execution") + " at "
                + (frame == null ? "(no frame of ours)" : frame), k -> new AtomicLong()).incrementAndGet();
        }
    }

    private static String stageOf(java.util.Collection<String> tags) {
        for (String t : tags) {
            if (t.startsWith(TAG_PREFIX)) {
                return t.substring(TAG_PREFIX.length());
            }
        }
        return OTHER;
    }

    private AtomicLong[] slot(String stage) {
        return counts.computeIfAbsent(stage, s -> new AtomicLong[] {new AtomicLong(), new AtomicLong(), new AtomicLong()});
    }

    /** The counts per stage so far, plus {@code total}; waits until the listener has seen every event posted. */
    public Map<String, Counts> counts() {
        try {
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Spark's listener bus did not drain", e);
        }
        Map<String, Counts> out = new TreeMap<>();
        Counts total = new Counts(0, 0, 0);
        for (Map.Entry<String, AtomicLong[]> e : counts.entrySet()) {
            Counts c = new Counts(e.getValue()[0].get(), e.getValue()[1].get(), e.getValue()[2].get());
            out.put(e.getKey(), c);
            total = total.plus(c);
        }
        out.put("total", total);
        return out;
    }

    /** One line a benchmark can parse, e.g. {@code spark_jobs: curate=12/20/3 ... total=40/70/9} (jobs/SQL/Delta scans). */
    public static String line(Map<String, Counts> counts) {
        StringBuilder sb = new StringBuilder("spark_jobs:");
        counts.forEach((stage, c) -> sb.append(' ').append(stage).append('=').append(String.format(Locale.ROOT,
            "%d/%d/%d", c.jobs(), c.sqlExecutions(), c.deltaFileScans())));
        return sb.append(" (jobs/sql executions/delta file scans)").toString();
    }

    /** Jobs and SQL executions per stage and call site, most first: where those of {@link #counts} come from. */
    public java.util.List<String> profile() {
        counts();
        return sites.entrySet().stream()
            .sorted((a, b) -> Long.compare(b.getValue().get(), a.getValue().get()))
            .map(e -> e.getValue().get() + "  " + e.getKey()).toList();
    }

    @Override
    public void close() {
        spark.sparkContext().removeSparkListener(this);
    }
}
