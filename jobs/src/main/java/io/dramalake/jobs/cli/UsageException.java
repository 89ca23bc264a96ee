package io.dramalake.jobs.cli;

/** Arguments that parse but do not make sense together; exits with {@link ExitCode#USAGE}. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
