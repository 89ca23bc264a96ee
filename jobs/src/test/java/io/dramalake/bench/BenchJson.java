package io.dramalake.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's results file: the table, every run's measurements, the machine and the totals. */
final class BenchJson {

    private BenchJson() {
    }

    static String of(String stamp, List<String> generate, int dumps, List<BenchTable.Row> table,
                     List<SparkRuns.SparkRun> runs,
                        DuckDb duck, Map<String, String> sparkTotals, List<String> differences) throws IOException {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"utc\": ").append(Json.quote(stamp)).append(",\n");
        sb.append("  \"machine\": {\"cpus\": ").append(Runtime.getRuntime().availableProcessors())
            .append(", \"memory_mib\": ").append(memoryMib()).append(", \"java\": ")
            .append(Json.quote(System.getProperty("java.version"))).append("},\n");
        sb.append("  \"landing\": {\"options\": ").append(Json.quote(String.join(" ", generate)))
            .append(", \"dumps\": ").append(dumps).append("},\n");
        sb.append("  \"table\": [");
        for (int i = 0; i < table.size(); i++) {
            BenchTable.Row r = table.get(i);
            sb.append(i == 0 ? "\n" : ",\n").append("    {\"figure\": ").append(Json.quote(r.figure()))
                .append(", \"value\": ").append(Json.quote(r.value())).append(", \"target\": ")
                .append(Json.quote(r.target())).append(", \"ratio\": ")
                .append(r.ratio() == null ? "null" : String.format(Locale.ROOT, "%.4f", r.ratio()))
                .append(", \"pass\": ").append(r.pass()).append('}');
        }
        sb.append("\n  ],\n  \"spark_runs\": [");
        for (int i = 0; i < runs.size(); i++) {
            SparkRuns.SparkRun r = runs.get(i);
            sb.append(i == 0 ? "\n" : ",\n").append("    {\"label\": ").append(Json.quote(r.label()))
                .append(", \"process_wall_s\": ").append(String.format(Locale.ROOT, "%.3f", r.wallSeconds()))
                .append(", \"stage_s\": {");
            int k = 0;
            for (Map.Entry<String, Double> e : r.stageSeconds().entrySet()) {
                sb.append(k++ == 0 ? "" : ", ").append(Json.quote(e.getKey())).append(": ").append(e.getValue());
            }
            sb.append("}, \"driver_heap_peak_mib\": ").append(r.heapPeakMib()).append(", \"gc_log_heap_peak_mib\": ")
                .append(r.gcHeapPeakMib()).append(", \"gc_log_after_gc_peak_mib\": ").append(r.gcAfterPeakMib())
                .append(", \"records_ingested\": ").append(r.recordsIngested())
                .append(", \"records_validated\": ").append(r.recordsValidated())
                .append(", \"spark_jobs\": ").append(r.sparkJobs()).append('}');
        }
        sb.append("\n  ],\n");
        if (duck != null) {
            sb.append("  \"duckdb\": {\"version\": ").append(Json.quote(duck.version())).append(", \"process_wall_s\": ")
                .append(String.format(Locale.ROOT, "%.3f", duck.wallSeconds())).append(", \"step_s\": {");
            int k = 0;
            for (Map.Entry<String, Double> e : duck.seconds().entrySet()) {
                sb.append(k++ == 0 ? "" : ", ").append(Json.quote(e.getKey())).append(": ").append(e.getValue());
            }
            sb.append("}},\n");
        }
        sb.append("  \"totals_equal\": ").append(duck == null ? "null" : Boolean.toString(differences.isEmpty()))
            .append(",\n  \"differences\": [");
        for (int i = 0; i < differences.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(Json.quote(differences.get(i)));
        }
        sb.append("],\n  \"spark_totals\": ").append(Json.object(sparkTotals, "  ")).append("\n}\n");
        return sb.toString();
    }

    /** {@code json} (an object) with further members, already rendered, before its closing brace. */
    static String withMembers(String json, String members) {
        if (members.isEmpty()) {
            return json;
        }
        int end = json.lastIndexOf("\n}");
        return json.substring(0, end) + ",\n" + members + json.substring(end);
    }

    private static long memoryMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
                }
            }
        } catch (IOException ignored) {
            // not Linux: unknown
        }
        return -1;
    }
}
