package io.dramalake.jobs.cli;

/**
 * One CLI command: its options (JCommander fields, with {@code @Parameters} naming the command),
 * its argument checks, the call to its job and the mapping of the job's result to an exit code.
 */
interface Command {

    /** The options every command takes. */
    CommonOptions common();

    /** Runs the command; throws {@link UsageException} for arguments that make no sense. */
    int call(Invocation inv) throws Exception;
}
