package io.dramalake.jobs.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import io.dramalake.common.lake.Lake;
import io.dramalake.common.lake.LakeAccessException;
import io.dramalake.common.lake.LakeLock;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/** {@code unlock}: an operator's removal of the lake's writer lock. */
@Parameters(commandNames = "unlock",
    commandDescription = "Show who holds the lake's writer lock; remove it if its run is dead (--force: whoever holds it)")
final class UnlockCommand extends Command.OnLake {
    @Parameter(names = "--force", description = "Remove the lock even if its run may still be alive")
    public boolean force;

    @Override
    int call(Invocation inv) throws IOException {
        String lakeRoot = lake.resolve(inv.profile);
        LakeLock.Settings settings = inv.lockSettings();
        if (common.dryRun) {
            return inv.plan("lake=" + lakeRoot, "force=" + force);
        }
        Configuration hadoop = inv.session().sparkContext().hadoopConfiguration();
        String root = new Lake(lakeRoot).root();
        Optional<LakeLock.Holder> holder;
        try {
            holder = LakeLock.holder(root, hadoop);
        } catch (IOException e) {
            if (!force) {
                throw new LakeAccessException("the lake's lock at " + root + " cannot be read (" + e.getMessage()
                    + "); remove it with --force");
            }
            LakeLock.remove(root, hadoop);
            inv.out.println("removed an unreadable lock from the lake at " + root);
            return ExitCode.OK;
        }
        if (holder.isEmpty()) {
            inv.out.println("the lake at " + root + " is not locked");
            return ExitCode.OK;
        }
        String stale = LakeLock.staleBecause(holder.get(), settings, Instant.now());
        if (stale == null && !force) {
            inv.err.println("dramalake unlock: " + holder.get().describe() + " holds the lake's lock and may still be "
                + "running; not removed (add --force if you know it is dead)");
            return ExitCode.LAKE_BUSY;
        }
        LakeLock.remove(root, hadoop);
        inv.out.println("removed the lake's lock held by " + holder.get().describe()
            + (stale != null ? " — " + stale : " (forced)"));
        return ExitCode.OK;
    }
}
