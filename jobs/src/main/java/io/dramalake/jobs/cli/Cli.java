package io.dramalake.jobs.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import io.dramalake.common.lake.Lake;
import io.dramalake.common.lake.LakeAccessException;
import io.dramalake.common.lake.LandingZone;
import io.dramalake.common.lake.LandingZone.Selection;
import io.dramalake.common.spark.SparkSessions;
import io.dramalake.jobs.PipelineJob;
import io.dramalake.jobs.RunContext;
import io.dramalake.jobs.curate.CurateJob;
import io.dramalake.jobs.demo.DemoJob;
import io.dramalake.jobs.ingest.IngestJob;
import io.dramalake.jobs.ops.RunLog;
import io.dramalake.jobs.report.ReportJob;
import io.dramalake.jobs.sample.GenerateSampleCommand;
import io.dramalake.jobs.sample.SampleGenerator;
import io.dramalake.jobs.sample.SampleSummary;
import io.dramalake.jobs.serve.ServeSqlJob;
import io.dramalake.jobs.sql.LakeCatalog;
import io.dramalake.jobs.sql.ResultPrinter;
import io.dramalake.jobs.sql.SqlJob;
import io.dramalake.jobs.validate.ValidateJob;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;

/**
 * {@code dramalake <command> [options]}: parses arguments, builds the session, runs the job and
 * maps its outcome to an exit code ({@link ExitCode}). Never stops the session: {@code Main} does.
 */
public final class Cli {

    /** Options before the command. */
    static final class MainOptions {
        @Parameter(names = {"--help", "-h"}, help = true, description = "Show usage")
        boolean help;
    }

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, Object> commands = new LinkedHashMap<>();
    private JCommander jc;

    public Cli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    private JCommander parser() {
        commands.clear();
        commands.put("ingest", new IngestJob.Config());
        commands.put("validate", new ValidateJob.Config());
        commands.put("curate", new CurateJob.Config());
        commands.put("run", new PipelineJob.Config());
        commands.put("sql", new SqlJob.Config());
        commands.put("generate-sample", new GenerateSampleCommand());
        commands.put("demo", new DemoJob.Config());
        commands.put("serve-sql", new ServeSqlJob.Config());
        commands.put("report", new ReportJob.Config());
        JCommander.Builder b = JCommander.newBuilder().programName("dramalake").addObject(new MainOptions());
        commands.values().forEach(b::addCommand);
        return b.build();
    }

    public int execute(String... args) {
        jc = parser();
        String command = null;
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        try {
            jc.parse(args);
            command = jc.getParsedCommand();
            if (command == null) {
                boolean help = ((MainOptions) jc.getObjects().get(0)).help;
                (help ? out : err).print(usage(null));
                return help ? ExitCode.OK : ExitCode.USAGE;
            }
            Object config = commands.get(command);
            CommonOptions common = common(config);
            if (common.help) {
                out.print(usage(command));
                return ExitCode.OK;
            }
            return dispatch(command, config, common);
        } catch (ParameterException | UsageException e) {
            err.println("dramalake: " + e.getMessage());
            err.println();
            err.print(usage(command != null ? command : jc.getParsedCommand()));
            return ExitCode.USAGE;
        } catch (LakeAccessException e) {
            err.println("dramalake " + command + ": " + e.getMessage());
            trace(e, verbose);
            return ExitCode.PATH_UNAVAILABLE;
        } catch (Exception | LinkageError e) {
            // Scala throws AnalysisException (bad SQL, unknown table) without declaring it.
            if (e instanceof AnalysisException) {
                err.println("dramalake " + command + ": SQL error: " + firstLine(e.getMessage()));
                trace(e, verbose);
                return ExitCode.USAGE;
            }
            Throwable root = rootCause(e);
            if (root instanceof java.io.FileNotFoundException || root instanceof java.nio.file.AccessDeniedException) {
                err.println("dramalake " + command + ": cannot access a path: " + root.getMessage());
                trace(e, verbose);
                return ExitCode.PATH_UNAVAILABLE;
            }
            err.println("dramalake " + command + " failed: " + root.getClass().getSimpleName() + ": "
                + firstLine(root.getMessage()));
            if (!verbose) {
                err.println("(run again with --verbose for the stack trace)");
            }
            trace(e, verbose);
            return ExitCode.INTERNAL_ERROR;
        }
    }

    private int dispatch(String command, Object config, CommonOptions common) throws IOException {
        Profile profile = Profile.load(common.conf);
        switch (command) {
            case "ingest", "run" -> {
                LandingToLakeOptions c = (LandingToLakeOptions) config;
                String landing = required("--landing", c.landing, profile.get(Profile.LANDING));
                String lake = required("--lake", c.lake, profile.get(Profile.LAKE));
                Selection selection = c.selection.toSelection();
                profile.futureDumpDays(); // a bad value is a usage error before anything starts
                if (common.dryRun) {
                    return plan(command, profile, common, "landing=" + landing, "lake=" + lake, selection.toString());
                }
                RunContext ctx = start(command, profile, common, lake, true);
                if (command.equals("run")) {
                    return runPipeline(ctx, command, landingZone(ctx, landing, profile), selection);
                }
                IngestJob.Result r = new IngestJob(ctx, landingZone(ctx, landing, profile), selection).run();
                return finish(ctx, command, r.summary(), r.changedLake(), ExitCode.OK, null);
            }
            case "validate" -> {
                ValidateJob.Config c = (ValidateJob.Config) config;
                String lake = required("--lake", c.lake, profile.get(Profile.LAKE));
                Selection selection = c.selection.toSelection();
                if (common.dryRun) {
                    return plan(command, profile, common, "lake=" + lake, selection.toString());
                }
                RunContext ctx = start(command, profile, common, lake, false);
                ValidateJob.Result r = new ValidateJob(ctx, selection).run();
                int code = r.blocked() ? ExitCode.QUALITY_FAILED : ExitCode.OK;
                return finish(ctx, command, r.summary(), r.changedLake(), code, null);
            }
            case "curate" -> {
                CurateJob.Config c = (CurateJob.Config) config;
                String lake = required("--lake", c.lake, profile.get(Profile.LAKE));
                if (common.dryRun) {
                    return plan(command, profile, common, "lake=" + lake);
                }
                RunContext ctx = start(command, profile, common, lake, false);
                CurateJob.Result r = new CurateJob(ctx).run();
                int code = r.published() ? ExitCode.OK : ExitCode.QUALITY_FAILED;
                return finish(ctx, command, r.summary(), true, code, r.published() ? r.silverVersions() : null);
            }
            case "sql" -> {
                SqlJob.Config c = (SqlJob.Config) config;
                String lake = required("--lake", c.lake, profile.get(Profile.LAKE));
                if (c.query.isEmpty()) {
                    throw new UsageException("sql needs a QUERY, e.g. \"SELECT * FROM gold.download_volume LIMIT 10\"");
                }
                ResultPrinter.Format format;
                try {
                    format = ResultPrinter.Format.parse(c.format);
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--format: '" + c.format + "' is not table, csv or json");
                }
                String query = String.join(" ", c.query);
                if (common.dryRun) {
                    return plan(command, profile, common, "lake=" + lake, "format=" + format, "query=" + query);
                }
                SparkSession spark = session(command, profile, common);
                Lake l = new Lake(lake);
                if (LakeCatalog.register(spark, l).isEmpty()) {
                    throw new LakeAccessException("no lake tables found at " + l.root()
                        + " (run `dramalake run --landing DIR --lake " + l.root() + "` first)");
                }
                new SqlJob(spark, format, query, c.maxRows, out).run();
                return ExitCode.OK;
            }
            case "generate-sample" -> {
                GenerateSampleCommand c = (GenerateSampleCommand) config;
                String landing = required("--landing", c.landing, profile.get(Profile.LANDING));
                var options = c.options();
                if (common.dryRun) {
                    return plan(command, profile, common, "landing=" + landing, options.toString());
                }
                SampleSummary summary = new SampleGenerator(options).generate(Path.of(landing));
                out.println(summary);
                return ExitCode.OK;
            }
            case "demo" -> {
                DemoJob.Config c = (DemoJob.Config) config;
                Path workdir = c.workdir == null ? null : Path.of(c.workdir);
                if (workdir != null && Files.isDirectory(workdir)) {
                    try (var entries = Files.list(workdir)) {
                        if (entries.findAny().isPresent()) {
                            throw new UsageException("--workdir " + workdir + " is not empty");
                        }
                    }
                }
                if (common.dryRun) {
                    return plan(command, profile, common, "workdir=" + (workdir == null ? "(temporary)" : workdir));
                }
                if (workdir == null) {
                    workdir = Files.createTempDirectory("dramalake-demo-");
                }
                Path landing = workdir.resolve("landing");
                String lake = workdir.resolve("lake").toString();
                out.println("Generating a sample landing zone in " + landing + " ...");
                out.println(new SampleGenerator(io.dramalake.jobs.sample.SampleOptions.defaults().withSeed(c.seed))
                    .generate(landing));
                RunContext ctx = start(command, profile, common, lake, true);
                int code = runPipeline(ctx, command, landingZone(ctx, landing.toString(), profile), Selection.all());
                if (code != ExitCode.OK) {
                    return code;
                }
                LakeCatalog.register(ctx.spark(), ctx.lake());
                new DemoJob(ctx.spark(), out).printAnswers();
                out.println();
                out.println("The lake is at " + lake + "; query it with:");
                out.println("  scripts/dramalake sql --lake " + lake + " \"SELECT * FROM gold.download_volume LIMIT 10\"");
                return ExitCode.OK;
            }
            case "serve-sql" -> {
                ServeSqlJob.Config c = (ServeSqlJob.Config) config;
                c.lake = required("--lake", c.lake, profile.get(Profile.LAKE));
                if (c.port < 1 || c.port > 65535) {
                    throw new UsageException("--port must be between 1 and 65535");
                }
                ServeSqlJob job = new ServeSqlJob(c, ServeSqlJob.StateDir.resolve(c.stateDir, c.lake),
                    profile.settings(), out, err);
                if (common.dryRun) {
                    return plan(command, profile, common, job.plan().toArray(String[]::new));
                }
                job.run();
                return ExitCode.OK;
            }
            case "report" -> {
                ReportJob.Config c = (ReportJob.Config) config;
                String lake = required("--lake", c.lake, profile.get(Profile.LAKE));
                if (c.out == null || c.out.isBlank()) {
                    throw new UsageException("--out FILE.html is required");
                }
                if (common.dryRun) {
                    return plan(command, profile, common, "lake=" + lake, "out=" + c.out);
                }
                SparkSession spark = session(command, profile, common);
                Lake l = new Lake(lake);
                List<String> registered = LakeCatalog.register(spark, l);
                for (String needed : ReportJob.TABLES) {
                    if (!registered.contains(needed)) {
                        throw new LakeAccessException("the lake at " + l.root() + " has no " + needed
                            + " yet (run `dramalake run --landing DIR --lake " + l.root() + "` first)");
                    }
                }
                long bytes = new ReportJob(spark, l.root()).write(Path.of(c.out));
                out.println("report written to " + c.out + " (" + bytes + " bytes)");
                return ExitCode.OK;
            }
            default -> throw new UsageException("unknown command " + command);
        }
    }

    private int runPipeline(RunContext ctx, String command, LandingZone landing, Selection selection) {
        PipelineJob.Result r = new PipelineJob(ctx, landing, selection).run();
        int code = r.qualityFailed() ? ExitCode.QUALITY_FAILED : ExitCode.OK;
        String versions = r.curate() != null && r.curate().published() ? r.curate().silverVersions() : null;
        return finish(ctx, command, r.summary(), r.changedLake(), code, versions);
    }

    private int finish(RunContext ctx, String command, String summary, boolean changedLake, int code,
                       String silverVersions) {
        out.println(summary);
        if (code == ExitCode.QUALITY_FAILED) {
            err.println("dramalake " + command + ": an error-severity quality check failed; gold was not published. "
                + "See: dramalake sql --lake " + ctx.lake().root()
                + " \"SELECT * FROM ops.quality_results WHERE run_id = '" + ctx.runId() + "' AND status = 'failure'\"");
        }
        if (changedLake || code != ExitCode.OK) {
            RunLog.append(ctx, command, code == ExitCode.OK ? "succeeded" : "quality_failed", code, summary,
                silverVersions);
        } else {
            out.println("nothing new: the lake is unchanged");
        }
        return code;
    }

    /** Dumps dated after today (UTC, the run's start) plus the profile's tolerance are refused. */
    private static LandingZone landingZone(RunContext ctx, String landing, Profile profile) {
        return new LandingZone(landing, ctx.spark().sparkContext().hadoopConfiguration(),
            io.dramalake.common.contract.Rules.latestDumpDate(ctx.startedAt(), profile.futureDumpDays()));
    }

    private RunContext start(String command, Profile profile, CommonOptions common, String lakeRoot,
                             boolean createLake) {
        SparkSession spark = session(command, profile, common);
        Lake lake = new Lake(lakeRoot);
        if (createLake) {
            lake.ensureReachable(spark.sparkContext().hadoopConfiguration());
        } else if (!pathExists(spark, lakeRoot)) {
            throw new LakeAccessException("no lake at " + lakeRoot);
        }
        RunContext ctx = RunContext.start(spark, lake);
        err.println("dramalake " + command + ": run " + ctx.runId() + " on lake " + lake.root());
        return ctx;
    }

    private static boolean pathExists(SparkSession spark, String path) {
        try {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
            return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
        } catch (IOException e) {
            throw new LakeAccessException("cannot reach " + path + ": " + e.getMessage(), e);
        }
    }

    private SparkSession session(String command, Profile profile, CommonOptions common) {
        SparkSession spark = SparkSessions.getOrCreate("dramalake " + command, profile.settings(), common.master);
        if (!common.verbose) {
            spark.sparkContext().setLogLevel("WARN");
        }
        return spark;
    }

    private int plan(String command, Profile profile, CommonOptions common, String... details) {
        out.println("dry run: dramalake " + command);
        out.println("  profile: " + profile.name());
        out.println("  master: " + (common.master != null ? common.master
            : profile.get("spark.master") != null ? profile.get("spark.master") : "(from spark-submit)"));
        for (String d : details) {
            out.println("  " + d);
        }
        return ExitCode.OK;
    }

    private static String required(String option, String given, String fromProfile) {
        String v = given != null ? given : fromProfile;
        if (v == null || v.isBlank()) {
            throw new UsageException(option + " is required (or set it in the profile given with --conf)");
        }
        return v;
    }

    private static CommonOptions common(Object config) {
        try {
            return (CommonOptions) config.getClass().getField("common").get(config);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The usage text of one command, or of the whole CLI. */
    public String usage(String command) {
        StringBuilder sb = new StringBuilder();
        if (command == null) {
            jc.getUsageFormatter().usage(sb);
            sb.append("\nExit codes: 0 success, 64 bad usage, 65 an error-severity quality check failed (gold not "
                + "published), 66 landing or lake path missing or unreadable, 70 internal error.\n");
        } else {
            jc.getUsageFormatter().usage(command, sb);
        }
        return sb.toString();
    }

    private void trace(Throwable e, boolean verbose) {
        if (verbose) {
            StringWriter w = new StringWriter();
            e.printStackTrace(new PrintWriter(w));
            err.print(w);
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            if (t instanceof LakeAccessException) {
                return t;
            }
            t = t.getCause();
        }
        return t;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
