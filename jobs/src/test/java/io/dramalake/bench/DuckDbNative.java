package io.dramalake.bench;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The benchmark's second DuckDB baseline ({@code bench/duckdb-native.sql}): the contract as a DuckDB
 * user would write it, with DuckDB's own CSV and JSON readers over the landing globs and one SQL
 * script for silver and gold; no bronze, no quarantine, no line lineage (the script's header lists
 * what it skips). It answers what one machine can do with the same data; its silver and gold
 * figures of bench/totals.sql must equal the pipeline's.
 *
 * <p>Usage as {@link DuckDbReference}: {@code DuckDbNative --landing DIR [--json FILE] [--threads N]
 * [--memory-limit 4GB] [--temp-dir DIR] [--database FILE]}.
 */
public final class DuckDbNative {

    static final String SCRIPT = "bench/duckdb-native.sql";
    /** The figures this baseline computes; read.* and quarantine.* need the line-level pipeline. */
    static final List<String> COMPARED = List.of("gold.", "silver.");
    static final double RATIO_TARGET = 3.0;

    private DuckDbNative() {
    }

    public static void main(String[] args) throws Exception {
        DuckDbReference.main(args, DuckDbNative.class.getSimpleName(), SCRIPT);
    }

    public static DuckDbReference.Result run(Path landing, String threads, String memoryLimit) throws SQLException {
        return DuckDbReference.runScript(SCRIPT, landing, threads, memoryLimit, null, null, c -> { });
    }

    static boolean compared(String figure) {
        return COMPARED.stream().anyMatch(figure::startsWith);
    }

    /** The compared figures of {@code expected} the baseline gives differently or not at all, and any extra. */
    static List<String> differences(Map<String, String> expected, Map<String, String> actual) {
        TreeSet<String> figures = new TreeSet<>(actual.keySet());
        expected.keySet().stream().filter(DuckDbNative::compared).forEach(figures::add);
        List<String> out = new ArrayList<>();
        for (String f : figures) {
            String a = expected.get(f);
            String b = actual.get(f);
            if (a == null || !a.equals(b)) {
                out.add(f + ": spark=" + a + " duckdb-native=" + b);
            }
        }
        return out;
    }

    /** The table's rows of this baseline (null when skipped; {@code failure} when it failed) and of the raw read. */
    static List<BenchTable.Row> rows(double backfillSeconds, int dumps, DuckDb result, String failure,
                                     List<String> differences, RawRead raw) {
        List<BenchTable.Row> rows = new ArrayList<>();
        if (result != null) {
            double s = result.totalSeconds();
            rows.add(new BenchTable.Row("duckdb-native: wall (" + dumps + " dumps)", secs(s), "", null, null));
            double ratio = backfillSeconds / s;
            rows.add(new BenchTable.Row("backfill / duckdb-native", String.format(Locale.ROOT, "%.2f x", ratio),
                String.format(Locale.ROOT, "<= %.2f x", RATIO_TARGET), ratio / RATIO_TARGET, ratio <= RATIO_TARGET));
            long compared = result.totals().keySet().stream().filter(DuckDbNative::compared).count();
            rows.add(new BenchTable.Row("totals equal (spark vs duckdb-native)", differences.isEmpty()
                ? "yes (" + compared + " gold/silver figures)" : "NO (" + differences.size() + " differ)", "equal", null,
                differences.isEmpty()));
        } else if (failure != null) {
            rows.add(new BenchTable.Row("duckdb-native", "failed: " + failure.lines().findFirst().orElse(""), "", null,
                false));
        }
        if (raw != null) {
            rows.add(new BenchTable.Row("raw read: lines (" + raw.files() + " files)", String.format(Locale.ROOT, "%,d",
                raw.lines()), "", null, null));
            rows.add(new BenchTable.Row("raw read: wall (1 thread)", secs(raw.seconds()), "", null, null));
            rows.add(new BenchTable.Row("raw read: MiB/s decompressed", String.format(Locale.ROOT, "%.1f",
                raw.decompressedMibPerSecond()), "", null, null));
            rows.add(new BenchTable.Row("raw read: MiB/s on disk", String.format(Locale.ROOT, "%.1f",
                raw.diskMibPerSecond()), "", null, null));
        }
        return rows;
    }

    /** The results file's members for this baseline and the raw read. */
    static String json(DuckDb result, List<String> differences, RawRead raw) {
        StringBuilder sb = new StringBuilder();
        if (result != null) {
            sb.append("  \"duckdb_native\": {\"version\": ").append(Json.quote(result.version()))
                .append(", \"process_wall_s\": ").append(String.format(Locale.ROOT, "%.3f", result.wallSeconds()))
                .append(", \"step_s\": {");
            int k = 0;
            for (Map.Entry<String, Double> e : result.seconds().entrySet()) {
                sb.append(k++ == 0 ? "" : ", ").append(Json.quote(e.getKey())).append(": ").append(e.getValue());
            }
            sb.append("}, \"totals_equal\": ").append(differences.isEmpty()).append(", \"differences\": [");
            for (int i = 0; i < differences.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(Json.quote(differences.get(i)));
            }
            sb.append("]}");
        }
        if (raw != null) {
            sb.append(sb.length() == 0 ? "" : ",\n").append("  \"raw_read\": ").append(raw.toJson());
        }
        return sb.toString();
    }

    private static String secs(double s) {
        return String.format(Locale.ROOT, "%.1f s", s);
    }
}
