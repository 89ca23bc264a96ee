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

    private static final Pattern GC_HEAP = Pattern.compile("(\\d+)M->(\\d+)M\\(\\d+M\\)");

    private final Path home;
    private final Path work;

    SparkRuns(Path home, Path work) {
        this.home = home;
        this.work = work;
    }

    /** One launcher run: what it printed and what was measured around it. */
    record SparkRun(String label, double wallSeconds, Map<String, Double> stageSeconds, Long heapPeakMib,
                    Long gcHeapPeakMib, Long gcAfterPeakMib, long recordsIngested, long recordsValidated,
                    Long sparkJobs) {
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
        String name = label.replaceAll("[^A-Za-z0-9]+", "-");
        Path gcLog = work.resolve("gc-" + name + ".log");
        Files.deleteIfExists(gcLog);
        Path out = work.resolve("out-" + name + ".txt");
        Path err = work.resolve("err-" + name + ".txt");
        Path result = work.resolve("result-" + name + ".json");
        Files.deleteIfExists(result);
        List<String> cmd = new ArrayList<>(List.of(args));
        cmd.addAll(List.of("--result-json", result.toString()));
        long start = System.nanoTime();
        Process p = launcher(cmd, gcLog).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        int code = p.waitFor();
        double wall = (System.nanoTime() - start) / 1e9;
        if (code != 0) {
            throw new IllegalStateException(label + " failed with exit code " + code + "; see " + out + " and " + err);
        }
        if (!Files.exists(result)) {
            throw new IllegalStateException(label + " wrote no result file " + result + "; see " + err);
        }
        SparkRun r = fromResult(label, wall, Files.readString(result), gcPeaks(gcLog));
        System.out.printf(Locale.ROOT, "  %.1f s (in-job %s), heap peak %s MiB%n", wall, r.stageSeconds(), r.heap());
        return r;
    }

    /**
     * A run as its result file ({@code --result-json}) gives it: stage seconds, the records each
     * stage read, the driver's heap peak and the run's Spark jobs (on the {@code total} stage) come from data, not text.
     */
    static SparkRun fromResult(String label, double wall, String resultJson, GcPeaks gc) throws IOException {
        JsonNode root = new ObjectMapper().readTree(resultJson);
        Map<String, Double> stages = new LinkedHashMap<>();
        Long heap = null;
        long ingested = 0;
        long validated = 0;
        Long jobs = null;
        for (JsonNode stage : root.path("stages")) {
            String name = stage.path("name").asText();
            if (stage.hasNonNull("seconds")) {
                stages.put(name, stage.get("seconds").asDouble());
            }
            if (stage.hasNonNull("driver_heap_peak_mib")) {
                heap = stage.get("driver_heap_peak_mib").asLong();
            }
            if (name.equals("total") && stage.path("spark_jobs").hasNonNull("jobs")) {
                jobs = stage.path("spark_jobs").get("jobs").asLong();
            }
            long read = stage.path("rows").path("read").asLong(0);
            if (name.equals("ingest")) {
                ingested = read;
            } else if (name.equals("validate")) {
                validated = read;
            }
        }
        return new SparkRun(label, wall, stages, heap, gc == null ? null : gc.beforeMib(),
            gc == null ? null : gc.afterMib(), ingested, validated, jobs);
    }

    /**
     * From a {@code -Xlog:gc} file: the largest heap occupancy before a collection (what the heap had
     * to hold, garbage included) and the largest after one (at most what was still live: G1's young
     * collections leave the old generation's garbage).
     */
    record GcPeaks(long beforeMib, long afterMib) {
    }

    static GcPeaks gcPeaks(Path gcLog) throws IOException {
        if (!Files.exists(gcLog)) {
            return null;
        }
        long before = -1;
        long after = -1;
        for (String line : Files.readAllLines(gcLog, StandardCharsets.UTF_8)) {
            Matcher m = GC_HEAP.matcher(line);
            while (m.find()) {
                before = Math.max(before, Long.parseLong(m.group(1)));
                after = Math.max(after, Long.parseLong(m.group(2)));
            }
        }
        return before < 0 ? null : new GcPeaks(before, after);
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
