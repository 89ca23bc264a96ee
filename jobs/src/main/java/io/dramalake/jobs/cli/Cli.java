package io.dramalake.jobs.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import com.beust.jcommander.Parameters;
import io.dramalake.common.lake.LakeAccessException;
import io.dramalake.common.lake.LakeLock;
import io.dramalake.common.spark.ReadOnlySql;
import io.dramalake.jobs.RunResult;
import io.dramalake.jobs.Version;
import io.dramalake.jobs.ingest.DumpArrival;
import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;

/**
 * {@code dramalake <command> [options]}: parses arguments, prints help, runs the command (one
 * class each in this package) and maps what it throws to an exit code ({@link ExitCode}). Never
 * stops the session: {@code Main} does.
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
    private final Map<String, Command> commands = new LinkedHashMap<>();
    private JCommander jc;

    public Cli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = new ResultJsonFile.ErrStream(err);
    }

    /** Every command, in the order the usage text lists them. */
    private static List<Command> commands() {
        return List.of(new IngestCommand(), new ValidateCommand(), new CurateCommand(), new RunCommand(),
            new SqlCommand(), new GenerateSampleCommand(), new DemoCommand(), new ServeSqlCommand(),
            new ReportCommand(), new MaintainCommand(), new UnlockCommand(), new HashPasswordCommand());
    }

    private JCommander parser() {
        commands.clear();
        JCommander.Builder b = JCommander.newBuilder().programName("dramalake").addObject(new MainOptions());
        for (Command c : commands()) {
            commands.put(c.getClass().getAnnotation(Parameters.class).commandNames()[0], c);
            b.addCommand(c);
        }
        return b.build();
    }

    /** Runs one command; writes its {@code --result-json} (also when it failed) and returns its exit code. */
    public int execute(String... args) {
        inv = null;
        int code = executeCommand(args);
        String command = jc == null ? null : jc.getParsedCommand();
        Command c = command == null ? null : commands.get(command);
        if (c == null || c.common.dryRun) {
            return code; // a dry run writes nothing, not even its result
        }
        return ResultJsonFile.write(command, c, inv == null ? null : inv.runCtx, code,
            inv == null ? RunResult.Body.NONE : inv.body, inv == null ? null : inv.missing, err);
    }

    /** The command being run, kept for its result once it has ended. */
    private Invocation inv;

    private int executeCommand(String... args) {
        jc = parser();
        String command = null;
        boolean verbose = Arrays.asList(args).contains("--verbose");
        try {
            try {
                jc.parse(args);
            } catch (ParameterException e) {
                // Our words for unknown options and stray arguments; JCommander's for the rest.
                command = Arguments.check(jc, args);
                throw e;
            }
            // Again after a parse that passed: sql's QUERY would take an unknown option as its text.
            Arguments.check(jc, args);
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
            Command c = commands.get(command);
            if (c.common.help) {
                out.print(usage(command));
                return ExitCode.OK;
            }
            inv = new Invocation(command, c.common, Profile.load(c.common.conf), out, err);
            return c.call(inv);
        } catch (ParameterException | UsageException e) {
            String named = command != null ? command : Arguments.commandNamed(jc, args);
            String who = named != null ? "dramalake " + named : "dramalake";
            err.println(who + ": " + Arguments.usageMessage(e) + " (see " + who + " --help)");
            return ExitCode.USAGE;
        } catch (DumpArrival.NotArrivedException e) {
            if (inv != null) {
                inv.missing = e.missing().stream()
                    .map(m -> new RunResult.Missing(m.source().folder(), m.folder(), m.why())).toList();
            }
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
            return failed(command, e, verbose, inv == null ? null : inv.sqlText);
        } finally {
            if (inv != null) {
                inv.close();
            }
        }
    }

    private int failed(String command, Throwable e, boolean verbose, String sqlText) {
        // Scala throws AnalysisException (bad SQL, unknown table) without declaring it.
        if (e instanceof AnalysisException a) {
            err.print(Failures.sqlError(command, a, sqlText));
            trace(e, verbose);
            return ExitCode.USAGE;
        }
        Throwable conflict = Failures.concurrentModification(e);
        if (conflict != null) {
            err.println("dramalake " + command + ": another writer committed to the same table at the same time ("
                + conflict.getClass().getSimpleName() + "); this commit did not land; retry later");
            trace(e, verbose);
            return ExitCode.LAKE_BUSY;
        }
        Throwable root = Failures.rootCause(e);
        if (root instanceof FileNotFoundException || root instanceof AccessDeniedException) {
            err.println("dramalake " + command + ": cannot access a path: " + root.getMessage());
            trace(e, verbose);
            return ExitCode.PATH_UNAVAILABLE;
        }
        err.println("dramalake " + command + " failed: " + root.getClass().getSimpleName() + ": "
            + Failures.firstLine(root.getMessage()));
        if (!verbose) {
            err.println("(run again with --verbose for the stack trace)");
        }
        trace(e, verbose);
        return ExitCode.INTERNAL_ERROR;
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
}
