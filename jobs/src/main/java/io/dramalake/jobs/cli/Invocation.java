package io.dramalake.jobs.cli;

import io.dramalake.common.contract.Rules;
import io.dramalake.common.contract.Source;
import io.dramalake.common.lake.Lake;
import io.dramalake.common.lake.LakeLock;
import io.dramalake.common.lake.LandingZone;
import io.dramalake.common.lake.LandingZone.Selection;
import io.dramalake.common.spark.SparkSessions;
import io.dramalake.jobs.JobResult;
import io.dramalake.jobs.RunContext;
import io.dramalake.jobs.ops.QualityRecord;
import java.io.PrintStream;
import io.dramalake.jobs.Progress;
import io.dramalake.jobs.RunResult;
import java.time.Duration;
import java.util.List;
import org.slf4j.MDC;
import org.apache.spark.sql.SparkSession;

/**
 * One command being run: its name, common options, profile and output streams, and what the
 * commands share (the plan of a dry run, the session, the lake's writer lock, result to exit code).
 */
final class Invocation implements AutoCloseable {

    static final String LOCK_MAX_AGE = "dramalake.lock.max-age-minutes";
    static final String LOCK_HEARTBEAT = "dramalake.lock.heartbeat-seconds";

    final String command;
    final CommonOptions common;
    final Profile profile;
    final PrintStream out;
    final PrintStream err;
    /** The statement of a {@code sql} command, for its error messages. */
    String sqlText;
    /** The lake's writer lock while a command that changes the lake runs; released by {@link #close}. */
    private LakeLock lock;
    /** Progress lines on stderr while a command that changes the lake runs. */
    private Progress progress;
    /** For {@code --result-json}: the run, what its stages did, the required sources that had not arrived. */
    RunContext runCtx;
    RunResult.Body body = RunResult.Body.NONE;
    List<RunResult.Missing> missing;
    private long startedNanos;

    Invocation(String command, CommonOptions common, Profile profile, PrintStream out, PrintStream err) {
        this.command = command;
        this.common = common;
        this.profile = profile;
        this.out = out;
        this.err = err;
    }

    /** What {@code --dry-run} prints instead of running. */
    int plan(String... details) {
        out.println("dry run: dramalake " + command);
        out.println("  profile: " + profile.name());
        out.println("  master: " + (common.master != null ? common.master
            : profile.get("spark.master") != null ? profile.get("spark.master") : "(from spark-submit)"));
        for (String d : details) {
            out.println("  " + d);
        }
        out.println("nothing was run (dry run)");
        return ExitCode.OK;
    }

    SparkSession session() {
        SparkSession spark = SparkSessions.getOrCreate("dramalake " + command, profile.settings(), common.master);
        if (!common.verbose) {
            spark.sparkContext().setLogLevel("WARN");
        }
        return spark;
    }

    /** The session and run of a command that writes the lake, holding the lake's writer lock. */
    RunContext start(String lakeRoot, boolean createLake) {
        SparkSession spark = session();
        Lake lake = new Lake(lakeRoot);
        lake.open(spark.sparkContext().hadoopConfiguration(), createLake);
        RunContext ctx = RunContext.start(spark, lake);
        // Before the first write; close() releases it whatever happens.
        lock = LakeLock.acquire(lake.root(), spark.sparkContext().hadoopConfiguration(), ctx.runId(), command,
            lockSettings(), w -> err.println("dramalake " + command + ": warning: " + w));
        err.println("dramalake " + command + ": run " + ctx.runId() + " on lake " + lake.root());
        runCtx = ctx;
        MDC.put("run_id", ctx.runId());
        ctx.describe(command);
        progress = Progress.start(spark.sparkContext(), err, "dramalake " + command + ": ",
            Duration.ofSeconds(progressSeconds()), ctx.runId());
        startedNanos = System.nanoTime();
        return ctx;
    }

    /** Dumps dated after today (UTC, the run's start) plus the profile's tolerance are refused. */
    LandingZone landingZone(RunContext ctx, String landing) {
        return new LandingZone(landing, ctx.spark().sparkContext().hadoopConfiguration(),
            Rules.latestDumpDate(ctx.startedAt(), profile.futureDumpDays()));
    }

    /** Prints a lake-writing job's result and maps it to the exit code. */
    int exitCode(RunContext ctx, JobResult r) {
        body = RunResult.Body.of(r, (System.nanoTime() - startedNanos) / 1e9);
        out.println(r.summary());
        if (r.qualityFailed()) {
            err.println("dramalake " + command + ": an error-severity quality check failed; gold was not published. "
                + "See: dramalake sql --lake " + ctx.lake().root()
                + " \"SELECT * FROM ops.quality_results WHERE run_id = '" + ctx.runId() + "' AND status = '" + QualityRecord.FAILURE + "'\"");
            return ExitCode.QUALITY_FAILED;
        }
        if (!r.changedLake()) {
            out.println("nothing new: the lake is unchanged");
        }
        return ExitCode.OK;
    }

    /** The lock's timing from the profile: {@code dramalake.lock.max-age-minutes}, {@code dramalake.lock.heartbeat-seconds}. */
    LakeLock.Settings lockSettings() {
        long maxAge = positive(LOCK_MAX_AGE, LakeLock.Settings.DEFAULT_MAX_AGE.toMinutes());
        long heartbeat = positive(LOCK_HEARTBEAT, LakeLock.Settings.DEFAULT_HEARTBEAT.toSeconds());
        try {
            return new LakeLock.Settings(Duration.ofMinutes(maxAge), Duration.ofSeconds(heartbeat),
                LakeLock.Settings.DEFAULT_SETTLE);
        } catch (IllegalArgumentException e) {
            throw new UsageException("profile " + profile.name() + ": " + e.getMessage());
        }
    }

    /** {@code dramalake.progress-seconds}: how often a running command says what it does (default 30; 0: never). */
    static final String PROGRESS_SECONDS = "dramalake.progress-seconds";

    private long progressSeconds() {
        return "0".equals(profile.get(PROGRESS_SECONDS)) ? 0 : positive(PROGRESS_SECONDS, 30);
    }

    private long positive(String key, long fallback) {
        String v = profile.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException("profile " + profile.name() + ": " + key + " must be a whole number above 0, not '" + v + "'");
    }

    static String required(String option, String given, String fromProfile) {
        String v = given != null ? given : fromProfile;
        if (v == null || v.isBlank()) {
            throw new UsageException(option + " is required, or set it in the profile given with --conf");
        }
        return v;
    }

    static String sources(Selection s) {
        return "sources: " + String.join(", ", s.sources().stream().map(Source::folder).toList());
    }

    static String dumpDates(Selection s) {
        if (s.from() == null && s.to() == null) {
            return "dump dates: all";
        }
        if (s.from() != null && s.from().equals(s.to())) {
            return "dump date: " + s.from();
        }
        if (s.from() == null) {
            return "dump dates: up to " + s.to();
        }
        return "dump dates: " + s.from() + (s.to() == null ? " and later" : " to " + s.to());
    }

    @Override
    public void close() {
        if (progress != null) {
            progress.close();
            progress = null;
        }
        MDC.remove("run_id");
        if (runCtx != null) {
            runCtx.spark().sparkContext().clearJobGroup();
        }
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }
}
