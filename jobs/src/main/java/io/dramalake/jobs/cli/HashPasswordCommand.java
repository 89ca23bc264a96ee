package io.dramalake.jobs.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import io.dramalake.jobs.serve.PasswordFile;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** {@code hash-password}: a password-file line; the password comes from the terminal (asked twice) or from stdin's first line. */
@Parameters(commandNames = "hash-password",
    commandDescription = "Print a serve-sql password-file line for a user; the password is read from the terminal or stdin")
final class HashPasswordCommand extends Command {
    @Parameter(names = "--user", description = "The user name clients log in with")
    public String user;

    @Override
    int call(Invocation inv) throws IOException {
        String name = Invocation.required("--user", user, null);
        if (common.dryRun) {
            return inv.plan("user: " + name);
        }
        String password = readPassword();
        if (password == null || password.isEmpty()) {
            throw new UsageException("no password given (type it, or pipe it on stdin)");
        }
        try {
            inv.out.println(PasswordFile.line(name, password));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--user: " + e.getMessage());
        }
        return ExitCode.OK;
    }

    /** From the terminal without echo, asked twice; else the first line of stdin. */
    private static String readPassword() throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("password: ");
            char[] again = console.readPassword("again: ");
            if (first == null || !Arrays.equals(first, again)) {
                throw new UsageException("the two passwords differ");
            }
            return new String(first);
        }
        return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
}
