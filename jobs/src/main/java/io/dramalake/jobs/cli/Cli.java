package io.dramalake.jobs.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import io.dramalake.common.lake.Lake;
import io.dramalake.common.lake.LakeAccessException;
import io.dramalake.common.lake.LakeLock;
import io.dramalake.common.lake.LandingZone;
import io.dramalake.common.lake.LandingZone.Selection;
import io.dramalake.common.spark.ReadOnlySql;
import io.dramalake.common.spark.SparkSessions;
import io.dramalake.jobs.PipelineJob;
import io.dramalake.jobs.Progress;
import io.dramalake.jobs.RunContext;
import io.dramalake.jobs.RunResult;
import io.dramalake.jobs.Version;
import io.dramalake.jobs.ops.Freshness;
import io.dramalake.jobs.curate.CurateJob;
import io.dramalake.jobs.demo.DemoJob;
import io.dramalake.jobs.ingest.IngestJob;
import io.dramalake.jobs.ops.RunLog;
import io.dramalake.jobs.report.ReportJob;
import io.dramalake.jobs.sample.GenerateSampleCommand;
import io.dramalake.jobs.sample.SampleGenerator;
import io.dramalake.jobs.sample.SampleSummary;
import io.dramalake.jobs.serve.HashPasswordCommand;
import io.dramalake.jobs.serve.PasswordFile;
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

        @Parameter(names = "--version", description = "Print the version and exit")
        boolean version;
    }

    private final PrintStream out;
    private final ResultJsonFile.ErrStream err;
    private final Map<String, Object> commands = new LinkedHashMap<>();
    private JCommander jc;
    /** The lake's writer lock while a command that changes the lake runs; released at its end. */
    private LakeLock lock;
    /** Progress lines on stderr while a command that changes the lake runs. */
    private Progress progress;
    /** The statement of a {@code sql} command, for its error messages. */
    private String sqlText;

    public Cli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = new ResultJsonFile.ErrStream(err);
    }

    /** The command's result for {@code --result-json}: what its stages did; the run and missing sources. */
    private RunResult.Body body = RunResult.Body.NONE;
    private RunContext runCtx;
    private List<RunResult.Missing> missing;

    /** Runs one command; writes its {@code --result-json} (also when it failed) and returns its exit code. */
    public int execute(String... args) {
        int code = executeCommand(args);
        String command = jc == null ? null : jc.getParsedCommand();
        Object config = command == null ? null : commands.get(command);
        if (config == null || common(config).dryRun) {
            return code; // a dry run writes nothing, not even its result
        }
        return ResultJsonFile.write(command, config, runCtx, code, body, missing, err);
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
        commands.put("unlock", new UnlockCommand());
        commands.put("maintain", new MaintainCommand());
        commands.put("hash-password", new HashPasswordCommand());
        JCommander.Builder b = JCommander.newBuilder().programName("dramalake").addObject(new MainOptions());
        commands.values().forEach(b::addCommand);
        return b.build();
    }

    private int executeCommand(String... args) {
        jc = parser();
        String command = null;
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        try {
            try {
                jc.parse(args);
            } catch (ParameterException e) {
                // Our words for unknown options and stray arguments; JCommander's for the rest.
                command = checkArguments(args);
                throw e;
            }
            // Again after a parse that passed: sql's QUERY would take an unknown option as its text.
            checkArguments(args);
            command = jc.getParsedCommand();
            if (command == null) {
                if (((MainOptions) jc.getObjects().get(0)).version) {
                    out.println("dramalake " + Version.get());
                    return ExitCode.OK;
                }
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
            String named = command != null ? command : commandNamed(args);
            String who = named != null ? "dramalake " + named : "dramalake";
            err.println(who + ": " + usageMessage(e) + " (see " + who + " --help)");
            return ExitCode.USAGE;
        } catch (io.dramalake.jobs.ingest.DumpArrival.NotArrivedException e) {
            missing = e.missing().stream().map(m -> new RunResult.Missing(m.source().folder(), m.folder(), m.why()))
                .toList();
            err.println("dramalake " + command + ": " + e.getMessage());
            return ExitCode.DUMP_NOT_ARRIVED;
        } catch (LakeLock.BusyException e) {
            err.println("dramalake " + command + ": " + e.getMessage());
            return ExitCode.LAKE_BUSY;
        } catch (LakeAccessException e) {
            err.println("dramalake " + command + ": " + e.getMessage());
            trace(e, verbose);
            return ExitCode.PATH_UNAVAILABLE;
        } catch (ReadOnlySql.RefusedException e) {
            err.println("dramalake " + command + ": " + e.getMessage());
            return ExitCode.REFUSED;
        } catch (Exception | LinkageError e) {
            // Scala throws AnalysisException (bad SQL, unknown table) without declaring it.
            if (e instanceof AnalysisException a) {
                err.print(sqlError(command, a));
                trace(e, verbose);
                return ExitCode.USAGE;
            }
            Throwable conflict = concurrentModification(e);
            if (conflict != null) {
                err.println("dramalake " + command + ": another writer committed to the same table at the same time ("
                    + conflict.getClass().getSimpleName() + "); this commit did not land; retry later");
                trace(e, verbose);
                return ExitCode.LAKE_BUSY;
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
        } finally {
            if (progress != null) {
                progress.close();
                progress = null;
            }
            org.slf4j.MDC.remove("run_id");
            if (runCtx != null) {
                runCtx.spark().sparkContext().clearJobGroup();
            }
            if (lock != null) {
                lock.close();
                lock = null;
            }
        }
    }

    /**
     * Finds unknown options and stray arguments, to say so in our words (after a parse, when
     * JCommander knows each command's options). Returns the command named (null if none).
     */
    private String checkArguments(String[] args) {
        int i = 0;
        while (i < args.length && (args[i].equals("--help") || args[i].equals("-h") || args[i].equals("--version"))) {
            i++;
        }
        if (i >= args.length) {
            return null;
        }
        if (optionLike(args[i])) {
            throw new UsageException("unknown option '" + args[i] + "'");
        }
        String command = args[i];
        JCommander sub = jc.getCommands().get(command);
        if (sub == null) {
            throw new UsageException("unknown command '" + command + "'");
        }
        Map<String, Integer> values = new java.util.HashMap<>();
        for (com.beust.jcommander.ParameterDescription pd : sub.getParameters()) {
            Class<?> type = pd.getParameterized().getType();
            int arity = pd.getParameter().arity() >= 0 ? pd.getParameter().arity()
                : type == boolean.class || type == Boolean.class ? 0 : 1;
            for (String name : pd.getParameter().names()) {
                values.put(name, arity);
            }
        }
        boolean takesArguments = sub.getMainParameter() != null;
        for (int j = i + 1; j < args.length; j++) {
            String a = args[j];
            Integer arity = values.get(a);
            if (arity != null) {
                j += arity;
            } else if (optionLike(a)) {
                int eq = a.indexOf('=');
                if (eq > 0 && values.containsKey(a.substring(0, eq))) {
                    throw new UsageException("write '" + a.substring(0, eq) + " " + a.substring(eq + 1) + "', not '" + a
                        + "'");
                }
                throw new UsageException("unknown option '" + a + "'");
            } else if (!takesArguments) {
                throw new UsageException("unexpected argument '" + a + "'");
            }
        }
        return command;
    }

    /** The command the arguments name, if they name a known one. */
    private String commandNamed(String[] args) {
        for (String a : args) {
            if (!a.equals("--help") && !a.equals("-h")) {
                return commands.containsKey(a) ? a : null;
            }
        }
        return null;
    }

    private static boolean optionLike(String arg) {
        return arg.matches("--?[A-Za-z][A-Za-z0-9-]*(=.*)?");
    }

    /** JCommander's remaining messages, in the project's words where they are known. */
    private static String usageMessage(RuntimeException e) {
        String m = e.getMessage() == null ? "bad arguments" : e.getMessage();
        java.util.regex.Matcher value = java.util.regex.Pattern.compile("Expected a value after parameter (\\S+)")
            .matcher(m);
        if (value.matches()) {
            return value.group(1) + " needs a value";
        }
        java.util.regex.Matcher convert = java.util.regex.Pattern.compile("\"(\\S+)\": couldn't convert \"(.*)\" to an? (\\w+).*")
            .matcher(m);
        if (convert.matches()) {
            return convert.group(1) + ": '" + convert.group(2) + "' is not "
                + ("integer".equals(convert.group(3)) ? "a whole number" : "a number");
        }
        return firstLine(m);
    }

    /**
     * One line for a SQL error (Spark's error class and message, where it is), plus the statement's
     * line with a caret under the place when Spark gives one.
     */
    private String sqlError(String command, AnalysisException e) {
        String message = firstLine(e.message().strip());
        StringBuilder sb = new StringBuilder("dramalake " + command + ": SQL error");
        boolean located = e.line().isDefined() && e.startPosition().isDefined();
        int line = located ? (Integer) e.line().get() : 0;
        int column = located ? (Integer) e.startPosition().get() : 0;
        if (located) {
            sb.append(" at line ").append(line).append(", column ").append(column + 1);
        }
        sb.append(": ").append(message).append('\n');
        String[] lines = sqlText == null ? new String[0] : sqlText.split("\n", -1);
        if (located && line >= 1 && line <= lines.length && lines[line - 1].length() <= 200
            && column <= lines[line - 1].length()) {
            sb.append("  ").append(lines[line - 1]).append('\n');
            sb.append("  ").append(" ".repeat(column)).append("^\n");
        }
        return sb.toString();
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
                List<io.dramalake.common.contract.Source> required = RequiredSources.of(profile, selection,
                    c.allowMissing);
                if (common.dryRun) {
                    return plan(command, profile, common, "landing: " + landing, "lake: " + lake, sources(selection),
                        dumpDates(selection));
                }
                if (RequiredSources.oneDump(selection)) {
                    // Before the lake is touched: a dump that has not arrived leaves it as it was.
                    io.dramalake.jobs.ingest.DumpArrival.require(new LandingZone(landing,
                        session(command, profile, common).sparkContext().hadoopConfiguration()), selection.from(),
                        required, profile.dumpMarker());
                }
                RunContext ctx = start(command, profile, common, lake, true);
                if (command.equals("run")) {
                    return runPipeline(ctx, command, landingZone(ctx, landing, profile), selection);
                }
                long t0 = System.nanoTime();
                IngestJob.Result r = new IngestJob(ctx, landingZone(ctx, landing, profile), selection).run();
                body = RunResult.Body.of(r, seconds(t0));
                return finish(ctx, command, r.summary(), r.changedLake(), ExitCode.OK, null);
            }
            case "validate" -> {
                ValidateJob.Config c = (ValidateJob.Config) config;
                String lake = required("--lake", c.lake, profile.get(Profile.LAKE));
                Selection selection = c.selection.toSelection();
                if (common.dryRun) {
                    return plan(command, profile, common, "lake: " + lake, sources(selection), dumpDates(selection));
                }
                RunContext ctx = start(command, profile, common, lake, false);
                long t0 = System.nanoTime();
                ValidateJob.Result r = new ValidateJob(ctx, selection).run();
                body = RunResult.Body.of(r, seconds(t0));
                int code = r.blocked() ? ExitCode.QUALITY_FAILED : ExitCode.OK;
                return finish(ctx, command, r.summary(), r.changedLake(), code, null);
            }
            case "curate" -> {
                CurateJob.Config c = (CurateJob.Config) config;
                String lake = required("--lake", c.lake, profile.get(Profile.LAKE));
                if (common.dryRun) {
                    return plan(command, profile, common, "lake: " + lake);
                }
                RunContext ctx = start(command, profile, common, lake, false);
                long t0 = System.nanoTime();
                CurateJob.Result r = new CurateJob(ctx).run();
                body = RunResult.Body.of(r, seconds(t0));
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
                sqlText = query;
                if (common.dryRun) {
                    return plan(command, profile, common, "lake: " + lake,
                        "format: " + format.name().toLowerCase(java.util.Locale.ROOT), "query: " + query);
                }
                SparkSession spark = session(command, profile, common);
                Lake l = new Lake(lake);
                if (LakeCatalog.register(spark, l).isEmpty()) {
                    throw new LakeAccessException("no lake tables found at " + l.root()
                        + " (run `dramalake run --landing DIR --lake " + l.root() + "` first)");
                }
                // Analysts' statements run in a session the read-only guard checks; the registration above does not.
                new SqlJob(ReadOnlySql.session(spark), format, query, c.maxRows, out).run();
                return ExitCode.OK;
            }
            case "generate-sample" -> {
                GenerateSampleCommand c = (GenerateSampleCommand) config;
                String landing = required("--landing", c.landing, profile.get(Profile.LANDING));
                var options = c.options();
                if (common.dryRun) {
                    return plan(command, profile, common, "landing: " + landing, "sample: " + options.describe());
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
                    return plan(command, profile, common, "workdir: " + (workdir == null ? "a new temporary directory" : workdir));
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
                try {
                    job.check();
                    if (common.dryRun) {
                        return plan(command, profile, common, job.plan().toArray(String[]::new));
                    }
                    job.run();
                } catch (ServeSqlJob.BadOptionException e) {
                    throw new UsageException(e.getMessage());
                }
                return ExitCode.OK;
            }
            case "report" -> {
                ReportJob.Config c = (ReportJob.Config) config;
                String lake = required("--lake", c.lake, profile.get(Profile.LAKE));
                if (c.out == null || c.out.isBlank()) {
                    throw new UsageException("--out FILE.html is required");
                }
                if (common.dryRun) {
                    return plan(command, profile, common, "lake: " + lake, "out: " + c.out);
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
            case "maintain" -> {
                MaintainCommand c = (MaintainCommand) config;
                String lake = required("--lake", c.lake, profile.get(Profile.LAKE));
                java.time.Duration retain = c.retention();
                List<io.dramalake.common.lake.LakeTable> tables = c.tables();
                if (common.dryRun) {
                    return plan(command, profile, common, "lake: " + lake, "retain: " + retain.toHours() + " h",
                        "tables: " + (c.table == null ? "all" : c.table));
                }
                RunContext ctx = start(command, profile, common, lake, false);
                long t0 = System.nanoTime();
                io.dramalake.jobs.maintain.MaintainJob.Result r =
                    new io.dramalake.jobs.maintain.MaintainJob(ctx, retain, tables).run();
                body = RunResult.Body.of(r, seconds(t0));
                // Always recorded: when maintenance last ran matters even if every table was in shape.
                return finish(ctx, command, r.summary(), true, ExitCode.OK, null);
            }
            case "unlock" -> {
                UnlockCommand c = (UnlockCommand) config;
                String lake = required("--lake", c.lake, profile.get(Profile.LAKE));
                LakeLock.Settings settings = lockSettings(profile);
                if (common.dryRun) {
                    return plan(command, profile, common, "lake=" + lake, "force=" + c.force);
                }
                return unlock(session(command, profile, common).sparkContext().hadoopConfiguration(),
                    new Lake(lake).root(), c.force, settings);
            }
            case "hash-password" -> {
                HashPasswordCommand c = (HashPasswordCommand) config;
                String user = required("--user", c.user, null);
                if (common.dryRun) {
                    return plan(command, profile, common, "user: " + user);
                }
                String password = readPassword();
                if (password == null || password.isEmpty()) {
                    throw new UsageException("no password given (type it, or pipe it on stdin)");
                }
                try {
                    out.println(PasswordFile.line(user, password));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--user: " + e.getMessage());
                }
                return ExitCode.OK;
            }
            default -> throw new UsageException("unknown command " + command);
        }
    }

    private int unlock(org.apache.hadoop.conf.Configuration hadoop, String lake, boolean force,
                       LakeLock.Settings settings) throws IOException {
        java.util.Optional<LakeLock.Holder> holder;
        try {
            holder = LakeLock.holder(lake, hadoop);
        } catch (IOException e) {
            if (!force) {
                throw new LakeAccessException("the lake's lock at " + lake + " cannot be read (" + e.getMessage()
                    + "); remove it with --force");
            }
            LakeLock.remove(lake, hadoop);
            out.println("removed an unreadable lock from the lake at " + lake);
            return ExitCode.OK;
        }
        if (holder.isEmpty()) {
            out.println("the lake at " + lake + " is not locked");
            return ExitCode.OK;
        }
        String stale = LakeLock.staleBecause(holder.get(), settings, java.time.Instant.now());
        if (stale == null && !force) {
            err.println("dramalake unlock: " + holder.get().describe() + " holds the lake's lock and may still be "
                + "running; not removed (add --force if you know it is dead)");
            return ExitCode.LAKE_BUSY;
        }
        LakeLock.remove(lake, hadoop);
        out.println("removed the lake's lock held by " + holder.get().describe()
            + (stale != null ? " — " + stale : " (forced)"));
        return ExitCode.OK;
    }

    /** The lock's timing from the profile: {@code dramalake.lock.max-age-minutes}, {@code dramalake.lock.heartbeat-seconds}. */
    private static LakeLock.Settings lockSettings(Profile profile) {
        long maxAge = positive(profile, LOCK_MAX_AGE, LakeLock.Settings.DEFAULT_MAX_AGE.toMinutes());
        long heartbeat = positive(profile, LOCK_HEARTBEAT, LakeLock.Settings.DEFAULT_HEARTBEAT.toSeconds());
        try {
            return new LakeLock.Settings(java.time.Duration.ofMinutes(maxAge), java.time.Duration.ofSeconds(heartbeat),
                LakeLock.Settings.DEFAULT_SETTLE);
        } catch (IllegalArgumentException e) {
            throw new UsageException("profile " + profile.name() + ": " + e.getMessage());
        }
    }

    /** {@code dramalake.progress-seconds}: how often a running command says what it does (default 30; 0: never). */
    static final String PROGRESS_SECONDS = "dramalake.progress-seconds";

    private static long progressSeconds(Profile profile) {
        return "0".equals(profile.get(PROGRESS_SECONDS)) ? 0 : positive(profile, PROGRESS_SECONDS, 30);
    }

    static final String LOCK_MAX_AGE = "dramalake.lock.max-age-minutes";
    static final String LOCK_HEARTBEAT = "dramalake.lock.heartbeat-seconds";

    private static long positive(Profile profile, String key, long fallback) {
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

    /** From the terminal without echo, asked twice; else the first line of stdin. */
    private String readPassword() throws IOException {
        java.io.Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("password: ");
            char[] again = console.readPassword("again: ");
            if (first == null || !java.util.Arrays.equals(first, again)) {
                throw new UsageException("the two passwords differ");
            }
            return new String(first);
        }
        return new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
            java.nio.charset.StandardCharsets.UTF_8)).readLine();
    }

    private int runPipeline(RunContext ctx, String command, LandingZone landing, Selection selection) {
        PipelineJob.Result r = new PipelineJob(ctx, landing, selection).run();
        body = RunResult.Body.of(r);
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
        if (changedLake && FRESHNESS_AFTER.contains(command)) {
            Freshness.record(ctx);
        }
        if (changedLake || code != ExitCode.OK) {
            RunLog.append(ctx, command, code == ExitCode.OK ? "succeeded" : "quality_failed", code, summary,
                silverVersions);
        } else {
            out.println("nothing new: the lake is unchanged");
        }
        return code;
    }

    /** The commands after which {@code ops.freshness} may have changed. */
    private static final java.util.Set<String> FRESHNESS_AFTER = java.util.Set.of("ingest", "validate", "run", "demo");

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
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
        runCtx = ctx;
        org.slf4j.MDC.put("run_id", ctx.runId());
        ctx.describe(command);
        // Before the first write; Cli.execute releases it whatever happens.
        lock = LakeLock.acquire(lake.root(), spark.sparkContext().hadoopConfiguration(), ctx.runId(), command,
            lockSettings(profile), w -> err.println("dramalake " + command + ": warning: " + w));
        err.println("dramalake " + command + ": run " + ctx.runId() + " on lake " + lake.root());
        progress = Progress.start(spark.sparkContext(), err, "dramalake " + command + ": ",
            java.time.Duration.ofSeconds(progressSeconds(profile)), ctx.runId());
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
        out.println("nothing was run (dry run)");
        return ExitCode.OK;
    }

    private static String sources(Selection s) {
        return "sources: " + String.join(", ", s.sources().stream().map(io.dramalake.common.contract.Source::folder)
            .toList());
    }

    private static String dumpDates(Selection s) {
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

    private static String required(String option, String given, String fromProfile) {
        String v = given != null ? given : fromProfile;
        if (v == null || v.isBlank()) {
            throw new UsageException(option + " is required, or set it in the profile given with --conf");
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
                + "published), 66 landing or lake path missing or unreadable, 70 internal error, 75 retry later: the "
                + "lake is busy (another writer holds its lock) or the day's dump has not arrived, 77 sql refused the statement (the lake is read-only "
                + "there).\n");
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

    /** Delta's conflict with a concurrent commit, if that is what {@code e} is or was caused by. */
    private static Throwable concurrentModification(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.util.ConcurrentModificationException) {
                return t;
            }
        }
        return null;
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
