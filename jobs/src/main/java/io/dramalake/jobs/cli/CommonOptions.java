package io.dramalake.jobs.cli;

import com.beust.jcommander.Parameter;

/** Options every command takes. */
public final class CommonOptions {
    @Parameter(names = "--conf", description = "Profile file (.properties); default: conf/local.properties")
    public String conf;

    @Parameter(names = "--master", description = "Spark master URL, e.g. local[2] or spark://host:7077 (overrides the profile)")
    public String master;

    @Parameter(names = "--verbose", description = "Print stack traces and Spark's own logs")
    public boolean verbose;

    @Parameter(names = "--dry-run", description = "Parse and check the arguments, print the plan, and exit without running")
    public boolean dryRun;

    @Parameter(names = {"--help", "-h"}, help = true, description = "Show this command's usage")
    public boolean help;
}
