package io.dramalake.jobs.cli;

import io.dramalake.jobs.RunContext;
import io.dramalake.jobs.RunResult;
import io.dramalake.jobs.Version;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** Writes a command's {@code --result-json} once its exit code is known, also after a failure. */
final class ResultJsonFile {

    private ResultJsonFile() {
    }

    /** Stderr, remembering the CLI's own last message line (for the result's {@code message}). */
    static final class ErrStream extends PrintStream {
        private String last;

        ErrStream(PrintStream to) {
            super(to, true);
        }

        @Override
        public void println(String line) {
            if (line != null && line.startsWith("dramalake ")) {
                last = line;
            }
            super.println(line);
        }

        String lastMessage() {
            return last;
        }
    }

    /**
     * Writes the result if the command's options name a file; returns the exit code, 66 instead of
     * 0 when the file cannot be written.
     */
    static int write(String command, Object config, RunContext ctx, int code, RunResult.Body body,
                     List<RunResult.Missing> missing, ErrStream err) {
        String file = config == null ? null : ResultJsonOption.fileOf(config);
        if (file == null) {
            return code;
        }
        RunResult result = new RunResult(command, Version.get(), ctx == null ? null : ctx.runId(),
            ctx == null ? null : ctx.lake().root(), code, RunResult.status(code, missing != null),
            code == ExitCode.OK ? null : err.lastMessage(), body.stages(), body.quality(), missing);
        try {
            result.write(Path.of(file));
        } catch (IOException | RuntimeException e) {
            err.println("dramalake " + command + ": cannot write --result-json " + file + ": " + e.getMessage());
            return code == ExitCode.OK ? ExitCode.PATH_UNAVAILABLE : code;
        }
        return code;
    }
}
