package io.dramalake.jobs.cli;

import io.dramalake.jobs.ops.RunLog;

/** The CLI's exit codes (sysexits.h numbering), documented in the README for schedulers. */
public final class ExitCode {
    public static final int OK = 0;
    /** Unknown option, missing argument, unparseable value, bad SQL: the usage text is printed. */
    public static final int USAGE = 64;
    /** An error-severity data-quality check failed; nothing was published to gold. */
    public static final int QUALITY_FAILED = RunLog.Status.QUALITY_FAILED.exitCode;
    /** The landing or lake path is missing, unreadable or not writable. */
    public static final int PATH_UNAVAILABLE = 66;
    /** {@code sql}: the statement would change the lake or read outside it (sysexits' EX_NOPERM). */
    public static final int REFUSED = 77;
    /** Anything else: a bug or an environment failure (the message says which). */
    public static final int INTERNAL_ERROR = 70;
    /**
     * EX_TEMPFAIL: the lake is busy (another writer holds its lock, or a concurrent commit won a
     * Delta conflict); nothing of this command's failed step was written: retry later.
     */
    public static final int LAKE_BUSY = 75;
    /**
     * The same EX_TEMPFAIL: the day's dump has not arrived (a required source is missing or still
     * being written); nothing was written: retry later. One code, since a scheduler does the same
     * for both (wait and retry); the message says which.
     */
    public static final int DUMP_NOT_ARRIVED = 75;

    private ExitCode() {
    }
}
