package io.dramalake.jobs.serve;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import io.dramalake.jobs.cli.CommonOptions;

/** {@code hash-password}: the options; the password comes from the terminal (asked twice) or from stdin's first line. */
@Parameters(commandNames = "hash-password",
    commandDescription = "Print a serve-sql password-file line for a user; the password is read from the terminal or stdin")
public final class HashPasswordCommand {
    @ParametersDelegate
    public CommonOptions common = new CommonOptions();

    @Parameter(names = "--user", description = "The user name clients log in with")
    public String user;
}
