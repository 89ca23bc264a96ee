package io.dramalake.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Issue #5's benchmark, driven from {@code scripts/bench}: builds a landing zone once, then times
 * the backfill, two daily incremental runs and the DuckDB reference, checks that Spark and DuckDB
 * give the same figures, prints one table and writes it as JSON. Every Spark run goes through the
 * launcher ({@code scripts/dramalake}) in its own JVM, as in production.
 */
public final class Bench {

    static final double BACKFILL_TARGET_S = 600;
    static final double HEAP_TARGET_MIB = 4096;
    static final double INCREMENTAL_TARGET_S = 60;
    static final double INCREMENTAL_GROWTH_TARGET = 1.3;
    static final double DUCKDB_RATIO_TARGET = 2.0;
    static final int SMALL_LAKE_DAYS = 30;

    private static final Pattern TIMINGS = Pattern.compile("^timings:(.*)$", Pattern.MULTILINE);
    private static final Pattern STAGE_TIME = Pattern.compile("(\\w+)=([0-9.]+)s");
    /** The run's Spark jobs per stage, e.g. {@code spark_jobs: curate=12/20/3 ...} (jobs/SQL executions/Delta scans). */
    private static final Pattern JOBS = Pattern.compile("^spark_jobs:(.*)$", Pattern.MULTILINE);
    private static final Pattern STAGE_JOBS = Pattern.compile("(\\w+)=(\\d+)/");
    private static final Pattern HEAP = Pattern.compile("driver_heap_peak_mib=(\\d+)");
    private static final Pattern INGESTED = Pattern.compile("^ingest: \\d+ new file\\(s\\), (\\d+) record", Pattern.MULTILINE);
    private static final Pattern VALIDATED = Pattern.compile("^validate: \\d+ file\\(s\\), (\\d+) read", Pattern.MULTILINE);
    private static final Pattern GC_HEAP = Pattern.compile("(\\d+)M->\\d+M\\(\\d+M\\)");

    private final Path home;
    private final Path work;
    private final Map<String, String> opts;

    private Bench(Path home, Path work, Map<String, String> opts) {
        this.home = home;
        this.work = work;
        this.opts = opts;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Args.parse(args, List.of("--scale", "--workdir", "--results", "--days", "--seed",
            "--apps-at-end", "--creatives", "--duckdb-threads", "--duckdb-memory"));
        Path home = Path.of(System.getProperty("dramalake.home", ".")).toAbsolutePath().normalize();
        Path work = Path.of(opts.getOrDefault("--workdir", home.resolve("bench/work").toString())).toAbsolutePath();
        System.exit(new Bench(home, work, opts).run());
    }

    /** One launcher run: what it printed and what was measured around it. */
    record SparkRun(String label, double wallSeconds, Map<String, Double> stageSeconds, Long heapPeakMib,
                    Long gcHeapPeakMib, long recordsIngested, long recordsValidated, Map<String, Long> sparkJobs) {
        double seconds() {
            return stageSeconds.getOrDefault("total", wallSeconds);
        }

        Long heap() {
            return heapPeakMib != null ? heapPeakMib : gcHeapPeakMib;
        }
    }

    private int run() throws Exception {
        Files.createDirectories(work);
        List<String> generate = generateOptions();
        Path landing = landing(generate);
        List<String> dumps = dumpDates(landing);
        if (dumps.size() < 3) {
            throw new IllegalStateException("the landing zone needs at least 3 dumps, has " + dumps.size());
        }
        int n = dumps.size();
        int smallDays = Math.min(SMALL_LAKE_DAYS, n - 1);

        // Lake A: every dump but the last as one backfill, then the last alone.
        Path lakeA = fresh("lake-full");
        SparkRun backfill = spark("backfill", "run", "--landing", landing.toString(), "--lake", lakeA.toString(),
            "--to", dumps.get(n - 2));
        SparkRun incrementalLate = spark("incremental day " + n, "run", "--landing", landing.toString(), "--lake",
            lakeA.toString(), "--dump-date", dumps.get(n - 1));
        // Lake B: the first days - 1 dumps, then the next alone.
        Path lakeB = fresh("lake-small");
        spark("backfill of " + (smallDays - 1) + " dumps", "run", "--landing", landing.toString(), "--lake",
            lakeB.toString(), "--to", dumps.get(smallDays - 2));
        SparkRun incrementalEarly = spark("incremental day " + smallDays, "run", "--landing", landing.toString(),
            "--lake", lakeB.toString(), "--dump-date", dumps.get(smallDays - 1));

        Map<String, String> sparkTotals = sparkTotals(lakeA);
        DuckDb duck = null;
        String duckFailure = null;
        if (!opts.containsKey("--skip-duckdb")) {
            try {
                duck = duckdb(landing);
            } catch (IllegalStateException e) {
                // Spark's figures are measured already: report them, and the failure, rather than lose them.
                duckFailure = e.getMessage();
                System.err.println("bench: " + duckFailure);
            }
        }

        List<String> differences = new ArrayList<>();
        if (duck != null) {
            TreeSet<String> figures = new TreeSet<>(sparkTotals.keySet());
            figures.addAll(duck.totals.keySet());
            for (String f : figures) {
                String a = sparkTotals.get(f);
                String b = duck.totals.get(f);
                if (a == null || !a.equals(b)) {
                    differences.add(f + ": spark=" + a + " duckdb=" + b);
                }
            }
        }

        List<Row> table = table(backfill, incrementalLate, incrementalEarly, n, smallDays, duck, sparkTotals,
            differences);
        if (duckFailure != null) {
            table.add(new Row("duckdb", "failed: " + duckFailure.lines().findFirst().orElse(""), "", null, false));
        }
        String printed = render(table);
        System.out.println();
        System.out.print(printed);
        if (!differences.isEmpty()) {
            System.out.println("\nSpark and DuckDB disagree on " + differences.size() + " figure(s):");
            differences.forEach(d -> System.out.println("  " + d));
        } else if (duck != null) {
            System.out.println("\nSpark and DuckDB agree on all " + sparkTotals.size() + " figures.");
        }
        Path results = Path.of(opts.getOrDefault("--results", home.resolve("bench/results").toString()));
        Files.createDirectories(results);
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
        Path json = results.resolve(stamp + ".json");
        Files.writeString(json, json(stamp, generate, n, table, List.of(backfill, incrementalLate, incrementalEarly),
            duck, sparkTotals, differences));
        System.out.println("results: " + json);
        return !differences.isEmpty() ? 1 : duckFailure != null ? 2 : 0;
    }

    // ---- landing zone ----------------------------------------------------------------------

    private List<String> generateOptions() {
        List<String> g = new ArrayList<>();
        String scale = opts.getOrDefault("--scale", "market-2025");
        switch (scale) {
            case "market-2025" -> g.addAll(List.of("--scale", "market-2025"));
            // a laptop-sized year slice: enough dumps for both incremental lakes, seconds per run
            case "small" -> g.addAll(List.of("--days", "40", "--apps-at-start", "30", "--apps-at-end", "60",
                "--creatives", "20000"));
            default -> throw new IllegalArgumentException("--scale is market-2025 or small, not " + scale);
        }
        if (opts.containsKey("--days")) {
            g.addAll(List.of("--days", opts.get("--days")));
        }
        // A shorter slice of the market year keeps its daily volumes when these shrink with it.
        for (String passThrough : List.of("--seed", "--apps-at-end", "--creatives")) {
            if (opts.containsKey(passThrough)) {
                g.addAll(List.of(passThrough, opts.get(passThrough)));
            }
        }
        return g;
    }

    /** The landing zone for these options, generated unless a complete one is already there. */
    private Path landing(List<String> generate) throws Exception {
        String key = String.join(" ", generate);
        Path landing = work.resolve("landing-" + key.replaceAll("[^A-Za-z0-9.]+", "_").replaceAll("^_|_$", ""));
        Path marker = landing.resolve(".bench-complete");
        if (Files.exists(marker) && Files.readString(marker).strip().equals(key)) {
            System.out.println("landing zone: reusing " + landing);
            return landing;
        }
        deleteTree(landing);
        List<String> cmd = new ArrayList<>(List.of("generate-sample", "--landing", landing.toString()));
        cmd.addAll(generate);
        System.out.println("landing zone: generating " + landing + " (" + key + ")");
        Process p = launcher(cmd, null).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("generate-sample failed with exit code " + p.exitValue());
        }
        Files.writeString(marker, key + "\n");
        return landing;
    }

    static List<String> dumpDates(Path landing) throws IOException {
        TreeSet<String> dates = new TreeSet<>();
        for (String source : List.of("app_intel", "apps", "ad_creatives")) {
            Path dir = landing.resolve(source);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                s.map(p -> p.getFileName().toString()).filter(n -> n.matches("dump_date=\\d{4}-\\d{2}-\\d{2}"))
                    .forEach(n -> dates.add(n.substring("dump_date=".length())));
            }
        }
        return new ArrayList<>(dates);
    }

    // ---- Spark runs ------------------------------------------------------------------------

    private ProcessBuilder launcher(List<String> args, Path gcLog) {
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

    private SparkRun spark(String label, String... args) throws Exception {
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
        SparkRun r = parse(label, wall, stdout, gcPeakMib(gcLog));
        System.out.printf(Locale.ROOT, "  %.1f s (in-job %s), heap peak %s MiB, Spark jobs %s%n", wall, r.stageSeconds(),
            r.heap(), r.sparkJobs());
        return r;
    }

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
        Map<String, Long> jobs = new LinkedHashMap<>();
        Matcher j = JOBS.matcher(stdout);
        if (j.find()) {
            Matcher s = STAGE_JOBS.matcher(j.group(1));
            while (s.find()) {
                jobs.put(s.group(1), Long.parseLong(s.group(2)));
            }
        }
        return new SparkRun(label, wall, stages, heap, gcHeap, first(INGESTED, stdout), first(VALIDATED, stdout), jobs);
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

    private Map<String, String> sparkTotals(Path lake) throws Exception {
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

    // ---- DuckDB ----------------------------------------------------------------------------

    /**
     * DuckDB's default memory_limit. At 4GB (the Spark driver's heap) the market year's creatives
     * step runs out of memory: its list aggregates over 14 M groups do not spill.
     */
    static final String DUCKDB_MEMORY = "16GB";

    record DuckDb(double wallSeconds, Map<String, Double> seconds, Map<String, String> totals, String version) {
        double totalSeconds() {
            return seconds.getOrDefault("total", wallSeconds);
        }
    }

    /** The reference in its own JVM, so neither engine's memory or warm-up helps the other. */
    private DuckDb duckdb(Path landing) throws Exception {
        Path json = work.resolve("duckdb.json");
        Files.deleteIfExists(json);
        Path tmp = work.resolve("duckdb-tmp");
        Files.createDirectories(tmp);
        // A database file, as a single-machine user would keep the tables; fresh each run.
        Path db = work.resolve("duckdb.db");
        Files.deleteIfExists(db);
        Files.deleteIfExists(work.resolve("duckdb.db.wal"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m", "-cp", System.getProperty("java.class.path"), DuckDbReference.class.getName(),
            "--landing", landing.toString(), "--json", json.toString(), "--temp-dir", tmp.toString(),
            "--database", db.toString(),
            "--memory-limit", opts.getOrDefault("--duckdb-memory", DUCKDB_MEMORY)));
        if (opts.containsKey("--duckdb-threads")) {
            cmd.addAll(List.of("--threads", opts.get("--duckdb-threads")));
        }
        System.out.println("duckdb: reference over " + landing);
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectOutput(work.resolve("out-duckdb.txt").toFile())
            .redirectError(work.resolve("err-duckdb.txt").toFile()).start();
        if (p.waitFor() != 0) {
            String why = Files.readAllLines(work.resolve("err-duckdb.txt")).stream()
                .filter(l -> l.contains("SQLException")).findFirst().orElse("").replaceFirst(".*SQLException: ", "");
            throw new IllegalStateException("the DuckDB reference failed" + (why.isEmpty() ? "" : " (" + why + ")")
                + "; see " + work.resolve("err-duckdb.txt"));
        }
        double wall = (System.nanoTime() - start) / 1e9;
        String text = Files.readString(json);
        Map<String, Double> seconds = new LinkedHashMap<>();
        Matcher s = Pattern.compile("\"(\\w+)\": ([0-9.]+)").matcher(
            text.substring(text.indexOf("\"seconds\": {"), text.indexOf("\"totals\": {")));
        while (s.find()) {
            seconds.put(s.group(1), Double.parseDouble(s.group(2)));
        }
        Map<String, String> totals = new TreeMap<>();
        Matcher t = Pattern.compile("\"([^\"]+)\": \"([^\"]*)\"").matcher(text.substring(text.indexOf("\"totals\": {")));
        while (t.find()) {
            totals.put(t.group(1), t.group(2));
        }
        Matcher v = Pattern.compile("\"duckdb_version\": \"([^\"]*)\"").matcher(text);
        DuckDb d = new DuckDb(wall, seconds, totals, v.find() ? v.group(1) : "?");
        System.out.printf(Locale.ROOT, "  %.1f s (in-process %.1f s)%n", wall, d.totalSeconds());
        return d;
    }

    // ---- the table -------------------------------------------------------------------------

    /** One line of the table; {@code ratio} is value / target where a target applies. */
    record Row(String figure, String value, String target, Double ratio, Boolean pass) {
    }

    static List<Row> table(SparkRun backfill, SparkRun late, SparkRun early, int n, int smallDays, DuckDb duck,
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
        rows.add(limit("incremental day " + smallDays + ": wall", secs(early.seconds()), early.seconds(),
            INCREMENTAL_TARGET_S, "< " + secs(INCREMENTAL_TARGET_S)));
        rows.add(limit("incremental day " + n + ": wall", secs(late.seconds()), late.seconds(), INCREMENTAL_TARGET_S,
            "< " + secs(INCREMENTAL_TARGET_S)));
        double growth = late.seconds() / early.seconds();
        rows.add(limit("incremental day " + n + " / day " + smallDays, String.format(Locale.ROOT, "%.2f x", growth),
            growth, INCREMENTAL_GROWTH_TARGET, "<= 1.30 x"));
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

    private String json(String stamp, List<String> generate, int dumps, List<Row> table, List<SparkRun> runs,
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
            Row r = table.get(i);
            sb.append(i == 0 ? "\n" : ",\n").append("    {\"figure\": ").append(Json.quote(r.figure()))
                .append(", \"value\": ").append(Json.quote(r.value())).append(", \"target\": ")
                .append(Json.quote(r.target())).append(", \"ratio\": ")
                .append(r.ratio() == null ? "null" : String.format(Locale.ROOT, "%.4f", r.ratio()))
                .append(", \"pass\": ").append(r.pass()).append('}');
        }
        sb.append("\n  ],\n  \"spark_runs\": [");
        for (int i = 0; i < runs.size(); i++) {
            SparkRun r = runs.get(i);
            sb.append(i == 0 ? "\n" : ",\n").append("    {\"label\": ").append(Json.quote(r.label()))
                .append(", \"process_wall_s\": ").append(String.format(Locale.ROOT, "%.3f", r.wallSeconds()))
                .append(", \"stage_s\": {");
            int k = 0;
            for (Map.Entry<String, Double> e : r.stageSeconds().entrySet()) {
                sb.append(k++ == 0 ? "" : ", ").append(Json.quote(e.getKey())).append(": ").append(e.getValue());
            }
            sb.append("}, \"driver_heap_peak_mib\": ").append(r.heapPeakMib()).append(", \"gc_log_heap_peak_mib\": ")
                .append(r.gcHeapPeakMib()).append(", \"records_ingested\": ").append(r.recordsIngested())
                .append(", \"records_validated\": ").append(r.recordsValidated()).append(", \"spark_jobs\": {");
            k = 0;
            for (Map.Entry<String, Long> e : r.sparkJobs().entrySet()) {
                sb.append(k++ == 0 ? "" : ", ").append(Json.quote(e.getKey())).append(": ").append(e.getValue());
            }
            sb.append("}}");
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

    private Path fresh(String name) throws IOException {
        Path p = work.resolve(name);
        deleteTree(p);
        return p;
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.delete(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
