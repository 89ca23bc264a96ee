package io.dramalake.jobs.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import io.dramalake.common.lake.LakeTable;
import io.dramalake.jobs.RunContext;
import io.dramalake.jobs.RunRecorder;
import io.dramalake.jobs.maintain.MaintainJob;
import java.time.Duration;
import java.util.List;

/** {@code maintain}: compaction, deletion-vector purge, VACUUM and a checkpoint of every table (or one). */
@Parameters(commandNames = "maintain",
    commandDescription = "Compact tables (OPTIMIZE, Z-order), purge deletion vectors, VACUUM old files, checkpoint")
final class MaintainCommand extends Command.OnLake {
    @Parameter(names = "--retain-hours",
        description = "VACUUM keeps files unreferenced for less than this (default 168 = 7 days, the least Delta allows)")
    public long retainHours = MaintainJob.MIN_RETENTION.toHours();

    @Parameter(names = "--table", description = "Only this table, e.g. silver.app_intel_daily")
    public String table;

    @ParametersDelegate
    public ResultJsonOption result = new ResultJsonOption();

    @Override
    int call(Invocation inv) {
        String lakeRoot = lake.resolve(inv.profile);
        Duration retain = retention();
        List<LakeTable> tables = tables();
        if (common.dryRun) {
            return inv.plan("lake: " + lakeRoot, "retain: " + retain.toHours() + " h",
                "tables: " + (table == null ? "all" : table));
        }
        RunContext ctx = inv.start(lakeRoot, false);
        return inv.exitCode(ctx, RunRecorder.run(ctx, inv.command, () -> new MaintainJob(ctx, retain, tables).run()));
    }

    /** The checked retention; below Delta's safety check is a usage error, never a disabled check. */
    Duration retention() {
        if (retainHours < MaintainJob.MIN_RETENTION.toHours()) {
            throw new UsageException("--retain-hours " + retainHours + " is below "
                + MaintainJob.MIN_RETENTION.toHours() + " (7 days): Delta's retention check would let VACUUM delete "
                + "files a running query or time travel still reads");
        }
        return Duration.ofHours(retainHours);
    }

    /** Every table, or the one named. */
    List<LakeTable> tables() {
        if (table == null) {
            return LakeTable.all();
        }
        return LakeTable.all().stream().filter(t -> t.qualifiedName().equals(table.trim())).findFirst()
            .map(List::of).orElseThrow(() -> new UsageException("--table: unknown table '" + table + "' (expected "
                + "database.table, e.g. silver.app_intel_daily)"));
    }
}
