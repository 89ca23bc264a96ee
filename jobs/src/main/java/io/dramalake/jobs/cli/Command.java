package io.dramalake.jobs.cli;

import com.beust.jcommander.ParametersDelegate;

/**
 * One CLI command: its options (JCommander fields, with {@code @Parameters} naming the command),
 * its argument checks, the call to its job and the mapping of the job's result to an exit code.
 */
abstract class Command {

    /** The options every command takes. */
    @ParametersDelegate
    public CommonOptions common = new CommonOptions();

    /** Runs the command; throws {@link UsageException} for arguments that make no sense. */
    abstract int call(Invocation inv) throws Exception;

    /** A command that works on a lake: {@code --lake}, the profile's {@code dramalake.lake} by default. */
    abstract static class OnLake extends Command {
        @ParametersDelegate
        public LakeOption lake = new LakeOption();
    }
}
