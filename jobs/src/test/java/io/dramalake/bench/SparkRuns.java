package io.dramalake.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The benchmark's Spark runs: each through the launcher ({@code scripts/dramalake}) in its own JVM, as in production. */
final class SparkRuns {

    private static final Pattern TIMINGS = Pattern.compile("^timings:(.*)$", Pattern.MULTILINE);
    private static final Pattern STAGE_TIME = Pattern.compile("(\\w+)=([0-9.]+)s");
    private static final Pattern HEAP = Pattern.compile("driver_heap_peak_mib=(\\d+)");
    private static final Pattern INGESTED = Pattern.compile("^ingest: \\d+ new file\\(s\\), (\\d+) record", Pattern.MULTILINE);
    private static final Pattern VALIDATED = Pattern.compile("^validate: \\d+ file\\(s\\), (\\d+) read", Pattern.MULTILINE);
    private static final Pattern GC_HEAP = Pattern.compile("(\\d+)M->\\d+M\\(\\d+M\\)");

    private final Path home;
    private final Path work;

    SparkRuns(Path home, Path work) {
        this.home = home;
        this.work = work;
    }

    /** One launcher run: what it printed and what was measured around it. */
    record SparkRun(String label, double wallSeconds, Map<String, Double> stageSeconds, Long heapPeakMib,
                    Long gcHeapPeakMib, long recordsIngested, long recordsValidated) {
        double seconds() {
            return stageSeconds.getOrDefault("total", wallSeconds);
        }

        Long heap() {
            return heapPeakMib != null ? heapPeakMib : gcHeapPeakMib;
        }
    }

    ProcessBuilder launcher(List<String> args, Path gcLog) {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("scripts/dramalake").toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile());
        pb.environment().putIfAbsent("DRAMALAKE_DRIVER_MEMORY", "4g");
        if (gcLog != null) {
            // The GC log gives the heap's peak occupancy independently of what the job reports.
            String extra = pb.environment().getOrDefault("DRAMALAKE_JAVA_OPTS", "");
            pb.environment().put("DRAMALAKE_JAVA_OPTS", (extra + " -Xlog:gc:file=" + gcLog).strip());
        }
        return pb;
    }

    SparkRun run(String label, String... args) throws Exception {
        System.out.println("spark: " + label + ": dramalake " + String.join(" ", args));
        Path gcLog = work.resolve("gc-" + label.replaceAll("[^A-Za-z0-9]+", "-") + ".log");
        Files.deleteIfExists(gcLog);
        Path out = work.resolve("out-" + label.replaceAll("[^A-Za-z0-9]+", "-") + ".txt");
        Path err = work.resolve("err-" + label.replaceAll("[^A-Za-z0-9]+", "-") + ".txt");
        long start = System.nanoTime();
        Process p = launcher(List.of(args), gcLog).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        int code = p.waitFor();
        double wall = (System.nanoTime() - start) / 1e9;
        String stdout = Files.readString(out);
        if (code != 0) {
            throw new IllegalStateException(label + " failed with exit code " + code + "; see " + out + " and " + err);
        }
        SparkRun r = fromOps(label, wall, lakeOf(args), gcPeakMib(gcLog));
        if (r == null) {
            // A run that recorded nothing (the lake was unchanged): only its summary lines tell.
            r = parse(label, wall, stdout, gcPeakMib(gcLog));
        }
        System.out.printf(Locale.ROOT, "  %.1f s (in-job %s), heap peak %s MiB%n", wall, r.stageSeconds(), r.heap());
        return r;
    }

    /** The lake's last recorded run: its wall time in ops.runs and the records it read by ops.row_accounting. */
    static final String LAST_RUN_SQL = "SELECT r.run_id, "
        + "(unix_millis(r.finished_at) - unix_millis(r.started_at)) / 1000.0 AS seconds, "
        + "COALESCE(SUM(CASE WHEN a.metric = 'read' THEN a.rows END), 0) AS records_read "
        + "FROM (SELECT * FROM ops.runs ORDER BY finished_at DESC LIMIT 1) r "
        + "LEFT JOIN ops.row_accounting a ON a.run_id = r.run_id GROUP BY r.run_id, r.started_at, r.finished_at";

    /** The run as the lake's ops tables record it; null when they hold no run or cannot be read. */
    SparkRun fromOps(String label, double wall, String lake, Long gcHeap) throws Exception {
        Path out = work.resolve("out-ops-" + label.replaceAll("[^A-Za-z0-9]+", "-") + ".json");
        Path err = work.resolve("err-ops-" + label.replaceAll("[^A-Za-z0-9]+", "-") + ".txt");
        Process p = launcher(List.of("sql", "--lake", lake, "--format", "json", LAST_RUN_SQL), null)
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (p.waitFor() != 0) {
            System.err.println("bench: the ops query of " + label + " failed (see " + err + "); its summary lines are read");
            return null;
        }
        String row = Files.readString(out).strip();
        return row.isEmpty() ? null : fromOpsRow(label, wall, row, gcHeap);
    }

    /**
     * {@link #LAST_RUN_SQL}'s row: the run's wall time as its total and the records its validation
     * read; stage times and the heap peak are not in the ops tables (the GC log gives the heap).
     */
    static SparkRun fromOpsRow(String label, double wall, String jsonRow, Long gcHeap) throws IOException {
        JsonNode row = new ObjectMapper().readTree(jsonRow);
        Map<String, Double> stages = new LinkedHashMap<>();
        stages.put("total", row.get("seconds").asDouble());
        return new SparkRun(label, wall, stages, null, gcHeap, 0, row.get("records_read").asLong());
    }

    private static String lakeOf(String... args) {
        List<String> a = List.of(args);
        return a.get(a.indexOf("--lake") + 1);
    }

    /**
     * A run as its result file ({@code --result-json}) gives it: stage seconds, the records each
     * stage read and the driver's heap peak (on the {@code total} stage) come from data, not text.
     */
    static SparkRun fromResult(String label, double wall, String resultJson, Long gcHeap) throws IOException {
        JsonNode root = new ObjectMapper().readTree(resultJson);
        Map<String, Double> stages = new LinkedHashMap<>();
        Long heap = null;
        long ingested = 0;
        long validated = 0;
        for (JsonNode stage : root.path("stages")) {
            String name = stage.path("name").asText();
            if (stage.hasNonNull("seconds")) {
                stages.put(name, stage.get("seconds").asDouble());
            }
            if (stage.hasNonNull("driver_heap_peak_mib")) {
                heap = stage.get("driver_heap_peak_mib").asLong();
            }
            long read = stage.path("rows").path("read").asLong(0);
            if (name.equals("ingest")) {
                ingested = read;
            } else if (name.equals("validate")) {
                validated = read;
            }
        }
        return new SparkRun(label, wall, stages, heap, gcHeap, ingested, validated);
    }

    /** A run as its summary lines give it: only for a run that recorded nothing in the lake. */
    static SparkRun parse(String label, double wall, String stdout, Long gcHeap) {
        Map<String, Double> stages = new LinkedHashMap<>();
        Long heap = null;
        Matcher t = TIMINGS.matcher(stdout);
        if (t.find()) {
            Matcher s = STAGE_TIME.matcher(t.group(1));
            while (s.find()) {
                stages.put(s.group(1), Double.parseDouble(s.group(2)));
            }
            Matcher h = HEAP.matcher(t.group(1));
            if (h.find()) {
                heap = Long.parseLong(h.group(1));
            }
        }
        return new SparkRun(label, wall, stages, heap, gcHeap, first(INGESTED, stdout), first(VALIDATED, stdout));
    }

    private static long first(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** The largest heap occupancy before any collection, from a {@code -Xlog:gc} file. */
    static Long gcPeakMib(Path gcLog) throws IOException {
        if (!Files.exists(gcLog)) {
            return null;
        }
        long peak = -1;
        for (String line : Files.readAllLines(gcLog, StandardCharsets.UTF_8)) {
            Matcher m = GC_HEAP.matcher(line);
            while (m.find()) {
                peak = Math.max(peak, Long.parseLong(m.group(1)));
            }
        }
        return peak < 0 ? null : peak;
    }

    Map<String, String> totals(Path lake) throws Exception {
        String sql = DuckDbReference.resource("bench/totals.sql").lines()
            .filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + b + "\n");
        Path out = work.resolve("out-totals.csv");
        Process p = launcher(List.of("sql", "--lake", lake.toString(), "--format", "csv", sql), null)
            .redirectOutput(out.toFile()).redirectError(work.resolve("err-totals.txt").toFile()).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the totals query failed; see " + work.resolve("err-totals.txt"));
        }
        return parseCsvTotals(Files.readString(out));
    }

    static Map<String, String> parseCsvTotals(String csv) {
        Map<String, String> out = new TreeMap<>();
        List<String> lines = csv.lines().filter(l -> !l.isBlank()).toList();
        for (String line : lines.subList(1, lines.size())) {
            int comma = line.indexOf(',');
            out.put(line.substring(0, comma), line.substring(comma + 1));
        }
        return out;
    }
}
