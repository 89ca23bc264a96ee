package io.dramalake.bench;

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

/** What the DuckDB reference measured and computed, and how the benchmark runs it. */
record DuckDb(double wallSeconds, Map<String, Double> seconds, Map<String, String> totals, String version) {

    /**
     * DuckDB's default memory_limit. At 4GB (the Spark driver's heap) the market year's creatives
     * step runs out of memory: its list aggregates over 14 M groups do not spill.
     */
    static final String DUCKDB_MEMORY = "16GB";

    double totalSeconds() {
        return seconds.getOrDefault("total", wallSeconds);
    }

    /** The reference in its own JVM, so neither engine's memory or warm-up helps the other. */
    static DuckDb run(Path work, Map<String, String> opts, Path landing) throws Exception {
        return run(work, opts, landing, "duckdb", "reference", DuckDbReference.class);
    }

    /**
     * A DuckDB script's main class ({@code DuckDbReference} or {@code DuckDbNative}) in its own JVM;
     * its files in {@code work} are named after {@code name}.
     */
    static DuckDb run(Path work, Map<String, String> opts, Path landing, String name, String what, Class<?> main)
        throws Exception {
        Path json = work.resolve(name + ".json");
        Files.deleteIfExists(json);
        Path tmp = work.resolve(name + "-tmp");
        Files.createDirectories(tmp);
        // A database file, as a single-machine user would keep the tables; fresh each run.
        Path db = work.resolve(name + ".db");
        Files.deleteIfExists(db);
        Files.deleteIfExists(work.resolve(name + ".db.wal"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m", "-cp", System.getProperty("java.class.path"), main.getName(),
            "--landing", landing.toString(), "--json", json.toString(), "--temp-dir", tmp.toString(),
            "--database", db.toString(),
            "--memory-limit", opts.getOrDefault("--duckdb-memory", DUCKDB_MEMORY)));
        if (opts.containsKey("--duckdb-threads")) {
            cmd.addAll(List.of("--threads", opts.get("--duckdb-threads")));
        }
        System.out.println("duckdb: " + what + " over " + landing);
        Path err = work.resolve("err-" + name + ".txt");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectOutput(work.resolve("out-" + name + ".txt").toFile())
            .redirectError(err.toFile()).start();
        if (p.waitFor() != 0) {
            String why = Files.readAllLines(err).stream()
                .filter(l -> l.contains("SQLException")).findFirst().orElse("").replaceFirst(".*SQLException: ", "");
            throw new IllegalStateException("the DuckDB " + what + " failed" + (why.isEmpty() ? "" : " (" + why + ")")
                + "; see " + err);
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
}
