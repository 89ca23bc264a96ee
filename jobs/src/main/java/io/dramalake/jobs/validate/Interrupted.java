package io.dramalake.jobs.validate;

import io.dramalake.common.lake.LakeTable;
import io.dramalake.jobs.RunContext;
import io.dramalake.jobs.ops.ValidatedFiles;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What validations killed midway left behind. A validation marks its files validated in its last
 * commit, so a run killed before that may have merged silver (and recorded accounting) for files
 * that are still pending; the next run validates them again. Such a run is unfinished: it tagged
 * commits but has no row in {@code ops.validated_files}. Its commits can only be a table's newest,
 * since every later validation takes its pending files first.
 */
final class Interrupted {

    /** How far back a table's history is searched for a run of unfinished commits. */
    private static final int LOOKBACK = 100;

    private final RunContext ctx;
    private final Set<String> finished;

    private Interrupted(RunContext ctx, Set<String> finished) {
        this.ctx = ctx;
        this.finished = finished;
    }

    static Interrupted find(RunContext ctx) {
        return find(ctx, ValidatedFiles.runs(ctx));
    }

    /** {@code validated}: {@link ValidatedFiles#runs}, when the caller has read it already. */
    static Interrupted find(RunContext ctx, Map<String, String> validated) {
        return new Interrupted(ctx, new HashSet<>(validated.values()));
    }

    private boolean unfinished(String runId) {
        return runId != null && !runId.equals(ctx.runId()) && !finished.contains(runId);
    }

    /**
     * The table's version before its newest commits by unfinished runs (-1 when they created it),
     * or null when its newest commit is not theirs. Call it before this run writes the table.
     */
    Long versionBefore(LakeTable table) {
        if (!ctx.tables().exists(table) || !unfinished(ctx.tables().lastCommitRun(table))) {
            return null;
        }
        long oldest = -1;
        for (Map.Entry<Long, String> e : ctx.tables().recentCommitRuns(table, LOOKBACK).entrySet()) {
            if (!unfinished(e.getValue())) {
                break;
            }
            oldest = e.getKey();
        }
        return oldest - 1;
    }

    /** The unfinished run whose accounting is the newest in {@code ops.row_accounting}, or null. */
    String accountingToReplace() {
        if (!ctx.tables().exists(LakeTable.OPS_ROW_ACCOUNTING)) {
            return null;
        }
        String last = ctx.tables().lastCommitRun(LakeTable.OPS_ROW_ACCOUNTING);
        return unfinished(last) ? last : null;
    }
}
