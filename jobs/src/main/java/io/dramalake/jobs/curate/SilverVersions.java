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

    /** Reads back {@link #toString}; null when {@code text} does not name every silver table. */
    public static SilverVersions parse(String text) {
        Map<LakeTable, Long> v = new LinkedHashMap<>();
        Map<String, Long> named = new java.util.HashMap<>();
        for (String part : text.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                return null;
            }
            try {
                named.put(kv[0].trim(), Long.parseLong(kv[1].trim()));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        for (Source s : Source.values()) {
            Long version = named.get(Silver.table(s).table());
            if (version == null) {
                return null;
            }
            v.put(Silver.table(s), version);
        }
        return new SilverVersions(v);
    }

    /**
     * The silver versions the published gold was built from: those of the latest succeeded run
     * that published gold ({@code ops.runs}), or null when unknown (no gold, no such run).
     */
    public static SilverVersions goldBuiltFrom(RunContext ctx) {
        if (!ctx.tables().exists(LakeTable.GOLD_DOWNLOAD_VOLUME)) {
            return null;
        }
        return io.dramalake.jobs.ops.RunLog.lastGoldBuiltFrom(ctx).map(SilverVersions::parse).orElse(null);
    }

    /** Whether every table is at or after its version in {@code base} (history only moves forward). */
    public boolean atOrAfter(SilverVersions base) {
        return versions.entrySet().stream().allMatch(e -> e.getValue() >= base.of(e.getKey()));
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
