package io.dramalake.jobs;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * A line on stderr every {@code every} while a command runs: how long so far, what the running
 * Spark job is (its description: stage, source, table) and how many tasks are done, so a long
 * backfill is never silent. Stopped by {@link #close}.
 */
public final class Progress implements AutoCloseable {

    private final SparkContext sc;
    private final Listener listener = new Listener();
    private final Thread thread;
    private volatile boolean closed;

    private static final class Listener extends SparkListener {
        final AtomicReference<String> job = new AtomicReference<>("starting");
        final AtomicLong tasks = new AtomicLong();
        final AtomicLong done = new AtomicLong();

        @Override
        public void onJobStart(SparkListenerJobStart start) {
            String d = start.properties() == null ? null : start.properties().getProperty("spark.job.description");
            if (d != null) {
                job.set(d);
            }
        }

        @Override
        public void onStageSubmitted(SparkListenerStageSubmitted stage) {
            tasks.addAndGet(stage.stageInfo().numTasks());
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd task) {
            done.incrementAndGet();
        }
    }

    private Progress(SparkContext sc, PrintStream err, String prefix, Duration every, String runId) {
        this.sc = sc;
        long start = System.nanoTime();
        sc.addSparkListener(listener);
        thread = new Thread(() -> {
            org.slf4j.MDC.put("run_id", runId);
            while (!closed) {
                try {
                    Thread.sleep(every.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                if (!closed) {
                    long s = (System.nanoTime() - start) / 1_000_000_000L;
                    err.println(prefix + "still running after " + (s / 60) + "m" + String.format("%02d", s % 60) + "s: "
                        + listener.job.get() + "; " + listener.done.get() + " of " + listener.tasks.get()
                        + " Spark task(s) done");
                }
            }
        }, "dramalake-progress");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts reporting; {@code every} zero or negative: never. */
    public static Progress start(SparkContext sc, PrintStream err, String prefix, Duration every, String runId) {
        return every.isZero() || every.isNegative() ? null : new Progress(sc, err, prefix, every, runId);
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        sc.removeSparkListener(listener);
    }
}
