package io.dramalake.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's table: its figures, their targets, and the layout it is printed in. */
final class BenchTable {

    /** Issue 12's targets (issue 5 had 600 s, 60 s and 1.30). */
    static final double BACKFILL_TARGET_S = 420;
    static final double HEAP_TARGET_MIB = 4096;
    static final double INCREMENTAL_TARGET_S = 40;
    static final double INCREMENTAL_GROWTH_TARGET = 1.15;
    static final double DUCKDB_RATIO_TARGET = 2.0;
    /** Issue 12: Spark jobs of one daily run, as the run's job listener counts them. */
    static final long JOBS_TARGET = 60;

    private BenchTable() {
    }

    /** One line of the table; {@code ratio} is value / target where a target applies. */
    record Row(String figure, String value, String target, Double ratio, Boolean pass) {
    }

    static List<Row> rows(SparkRuns.SparkRun backfill, SparkRuns.SparkRun late,
                           SparkRuns.SparkRun early, int n, int smallDays, DuckDb duck,
                           Map<String, String> totals, List<String> differences) {
        List<Row> rows = new ArrayList<>();
        long records = backfill.recordsValidated() > 0 ? backfill.recordsValidated() : backfill.recordsIngested();
        rows.add(new Row("backfill: dumps", Integer.toString(n - 1), "", null, null));
        rows.add(new Row("backfill: records read", Long.toString(records), "", null, null));
        for (String stage : List.of("ingest", "validate", "curate")) {
            Double s = backfill.stageSeconds().get(stage);
            rows.add(new Row("backfill " + stage + ": wall", s == null ? "n/a" : secs(s), "", null, null));
            rows.add(new Row("backfill " + stage + ": records/s", s == null || s == 0 ? "n/a"
                : String.format(Locale.ROOT, "%,.0f", records / s), "", null, null));
        }
        double total = backfill.seconds();
        rows.add(limit("backfill: total wall", secs(total), total, BACKFILL_TARGET_S, "< " + secs(BACKFILL_TARGET_S)));
        rows.add(new Row("backfill: records/s", String.format(Locale.ROOT, "%,.0f", records / total), "", null, null));
        Long heap = backfill.heap();
        rows.add(heap == null ? new Row("backfill: driver heap peak", "n/a", "< 4096 MiB", null, null)
            : limit("backfill: driver heap peak", heap + " MiB", heap, HEAP_TARGET_MIB, "< 4096 MiB"));
        // The peak above is bounded by -Xmx by construction. After a collection is closer to what the
        // run kept, though G1's young collections leave old garbage in place: an upper bound only.
        rows.add(new Row("backfill: heap after a collection, peak", backfill.gcAfterPeakMib() == null ? "n/a"
            : backfill.gcAfterPeakMib() + " MiB", "", null, null));
        rows.add(limit("incremental day " + smallDays + ": wall", secs(early.seconds()), early.seconds(),
            INCREMENTAL_TARGET_S, "< " + secs(INCREMENTAL_TARGET_S)));
        rows.add(limit("incremental day " + n + ": wall", secs(late.seconds()), late.seconds(), INCREMENTAL_TARGET_S,
            "< " + secs(INCREMENTAL_TARGET_S)));
        for (SparkRuns.SparkRun r : List.of(early, late)) {
            rows.add(r.sparkJobs() == null ? new Row(r.label() + ": Spark jobs", "n/a", "< " + JOBS_TARGET, null, null)
                : limit(r.label() + ": Spark jobs", Long.toString(r.sparkJobs()), r.sparkJobs(), JOBS_TARGET,
                    "< " + JOBS_TARGET));
        }
        double growth = late.seconds() / early.seconds();
        rows.add(limit("incremental day " + n + " / day " + smallDays, String.format(Locale.ROOT, "%.2f x", growth),
            growth, INCREMENTAL_GROWTH_TARGET, String.format(Locale.ROOT, "<= %.2f x", INCREMENTAL_GROWTH_TARGET)));
        if (duck != null) {
            rows.add(new Row("duckdb: wall (" + n + " dumps)", secs(duck.totalSeconds()), "", null, null));
            double ratio = total / duck.totalSeconds();
            rows.add(limit("backfill / duckdb", String.format(Locale.ROOT, "%.2f x", ratio), ratio, DUCKDB_RATIO_TARGET,
                "<= 2.00 x"));
            rows.add(new Row("totals equal (spark vs duckdb)", differences.isEmpty() ? "yes (" + totals.size()
                + " figures)" : "NO (" + differences.size() + " differ)", "equal", null, differences.isEmpty()));
        }
        rows.add(new Row("downloads", totals.getOrDefault("gold.download_volume.downloads", "?"), "", null, null));
        rows.add(new Row("revenue_usd", totals.getOrDefault("gold.download_volume.revenue_usd", "?"), "", null, null));
        rows.add(new Row("distinct creatives", totals.getOrDefault("silver.ad_creatives.distinct_creatives", "?"), "",
            null, null));
        return rows;
    }

    private static Row limit(String figure, String value, double measured, double target, String shown) {
        // ratio is measured / target; at most 1 passes
        double ratio = measured / target;
        return new Row(figure, value, shown, ratio, ratio <= 1.0);
    }

    private static String secs(double s) {
        return String.format(Locale.ROOT, "%.1f s", s);
    }

    static String render(List<Row> rows) {
        String[] head = {"figure", "value", "target", "ratio", "pass"};
        List<String[]> cells = new ArrayList<>();
        cells.add(head);
        for (Row r : rows) {
            cells.add(new String[] {r.figure(), r.value(), r.target(),
                r.ratio() == null ? "" : String.format(Locale.ROOT, "%.2f", r.ratio()),
                r.pass() == null ? "" : r.pass() ? "pass" : "FAIL"});
        }
        int[] width = new int[head.length];
        for (String[] c : cells) {
            for (int i = 0; i < c.length; i++) {
                width[i] = Math.max(width[i], c[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < cells.size(); k++) {
            String[] c = cells.get(k);
            for (int i = 0; i < c.length; i++) {
                boolean right = i == 1 || i == 3;
                String cell = right ? " ".repeat(width[i] - c[i].length()) + c[i]
                    : c[i] + " ".repeat(width[i] - c[i].length());
                sb.append(i == 0 ? "" : "  ").append(cell);
            }
            sb.append('\n');
            if (k == 0) {
                for (int i = 0; i < width.length; i++) {
                    sb.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
                }
                sb.append('\n');
            }
        }
        return sb.toString().replaceAll(" +\n", "\n");
    }
}
