package io.dramalake.jobs.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import io.dramalake.jobs.serve.ServeSqlJob;
import java.io.IOException;

/** {@code serve-sql}: the lake over JDBC until SIGTERM or Ctrl-C. */
@Parameters(commandNames = "serve-sql",
    commandDescription = "Serve the lake over JDBC (HiveServer2 protocol) until stopped with SIGTERM or Ctrl-C")
final class ServeSqlCommand extends Command.OnLake {
    @Parameter(names = "--port", description = "TCP port of the Thrift endpoint")
    public int port = 10000;

    @Parameter(names = "--host", description = "Address to bind; 127.0.0.1 unless you mean to expose the lake")
    public String host = "127.0.0.1";

    @Parameter(names = "--state-dir", description = "Directory the server owns for its scratch, logs and "
        + "temporary files (default: .dramalake-sql next to a local lake directory, "
        + "~/.dramalake-sql/<lake> for a remote one)")
    public String stateDir;

    @Parameter(names = "--password-file", description = "Users who may connect, one NAME:pbkdf2-sha256:... line "
        + "each (make a line with `dramalake hash-password --user NAME`); required for a --host other than loopback "
        + "unless the profile sets hive.server2.authentication (e.g. LDAP)")
    public String passwordFile;

    @Override
    int call(Invocation inv) throws IOException {
        String lakeRoot = lake.resolve(inv.profile);
        if (port < 1 || port > 65535) {
            throw new UsageException("--port must be between 1 and 65535");
        }
        ServeSqlJob job = new ServeSqlJob(
            new ServeSqlJob.Options(lakeRoot, host, port, passwordFile, common.master, common.verbose),
            ServeSqlJob.StateDir.resolve(stateDir, lakeRoot), inv.profile.settings(), inv.out, inv.err);
        try {
            job.check();
            if (common.dryRun) {
                return inv.plan(job.plan().toArray(String[]::new));
            }
            job.run();
        } catch (ServeSqlJob.BadOptionException e) {
            throw new UsageException(e.getMessage());
        }
        return ExitCode.OK;
    }
}
