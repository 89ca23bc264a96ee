package io.dramalake.jobs.curate;

import io.dramalake.common.contract.Source;
import io.dramalake.common.lake.LakeTable;
import io.dramalake.jobs.RunContext;
import io.dramalake.jobs.validate.Silver;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Delta versions of the silver tables (-1: not yet written), the state gold is built from;
 * written as {@code app_intel_daily=4,apps=2,ad_creatives=3} in {@code ops.runs}.
 */
public record SilverVersions(Map<LakeTable, Long> versions) {

    public static SilverVersions read(RunContext ctx) {
        Map<LakeTable, Long> v = new LinkedHashMap<>();
        for (Source s : Source.values()) {
            v.put(Silver.table(s), ctx.tables().version(Silver.table(s)));
        }
        return new SilverVersions(v);
    }

    public long of(LakeTable table) {
        Long v = versions.get(table);
        if (v == null) {
            throw new IllegalArgumentException("no version of " + table.qualifiedName() + " in " + this);
        }
        return v;
    }

    @Override
    public String toString() {
        return versions.entrySet().stream().map(e -> e.getKey().table() + "=" + e.getValue())
            .collect(Collectors.joining(","));
    }
}
