/**
 * The command line: one class per command ({@code IngestCommand}, {@code RunCommand}, ...) holding
 * its options, its argument checks, the call to its job and the mapping of the job's result to an
 * exit code ({@link io.dramalake.jobs.cli.ExitCode}); {@link io.dramalake.jobs.cli.Cli} parses the
 * arguments, prints help and maps failures to exit codes. Nothing below this package imports it.
 */
package io.dramalake.jobs.cli;
