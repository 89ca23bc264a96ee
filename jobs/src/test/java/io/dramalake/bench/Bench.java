package io.dramalake.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Issue #5's benchmark, driven from {@code scripts/bench}: builds a landing zone once, then times
 * the backfill, two daily incremental runs and the DuckDB reference, checks that Spark and DuckDB
 * give the same figures, prints one table and writes it as JSON. Every Spark run goes through the
 * launcher ({@code scripts/dramalake}) in its own JVM, as in production.
 */
public final class Bench {

    static final int SMALL_LAKE_DAYS = 30;

    private final Path home;
    private final Path work;
    private final Map<String, String> opts;
    private final SparkRuns spark;

    private Bench(Path home, Path work, Map<String, String> opts) {
        this.home = home;
        this.work = work;
        this.opts = opts;
        this.spark = new SparkRuns(home, work);
    }

    /** Skips the line-level DuckDB reference only (24 min on the market year), keeping the native baseline. */
    private static final String SKIP_REFERENCE = "--skip-duckdb-reference";

    public static void main(String[] args) throws Exception {
        Map<String, String> opts;
        try {
            opts = Args.parse(args, List.of("--scale", "--workdir", "--results", "--days", "--seed",
                "--apps-at-end", "--creatives", "--duckdb-threads", "--duckdb-memory", "--daily", "--late-day"),
                List.of("--skip-duckdb", SKIP_REFERENCE));
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(64);
            return;
        }
        Path home = Path.of(System.getProperty("dramalake.home", ".")).toAbsolutePath().normalize();
        Path work = Path.of(opts.getOrDefault("--workdir", home.resolve("bench/work").toString())).toAbsolutePath();
        Bench bench = new Bench(home, work, opts);
        System.exit(opts.containsKey("--daily") ? bench.daily() : bench.run());
    }

    /** {@code --daily N}: N days as the scheduler runs them, over this landing zone (see DailyBench). */
    private int daily() throws Exception {
        Files.createDirectories(work);
        List<String> generate = generateOptions();
        Path results = Path.of(opts.getOrDefault("--results", home.resolve("bench/results").toString()));
        return new DailyBench(work, results, opts, spark, landing(generate), generate).run();
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
        SparkRuns.SparkRun backfill = spark.run("backfill", "run", "--landing", landing.toString(), "--lake", lakeA.toString(),
            "--to", dumps.get(n - 2));
        SparkRuns.SparkRun incrementalLate = spark.run("incremental day " + n, "run", "--landing", landing.toString(), "--lake",
            lakeA.toString(), "--dump-date", dumps.get(n - 1));
        // Lake B: the first days - 1 dumps, then the next alone.
        Path lakeB = fresh("lake-small");
        spark.run("backfill of " + (smallDays - 1) + " dumps", "run", "--landing", landing.toString(), "--lake",
            lakeB.toString(), "--to", dumps.get(smallDays - 2));
        SparkRuns.SparkRun incrementalEarly = spark.run("incremental day " + smallDays, "run", "--landing", landing.toString(),
            "--lake", lakeB.toString(), "--dump-date", dumps.get(smallDays - 1));

        Map<String, String> sparkTotals = spark.totals(lakeA);
        DuckDb duck = null;
        String duckFailure = null;
        if (!opts.containsKey("--skip-duckdb") && !opts.containsKey(SKIP_REFERENCE)) {
            try {
                duck = DuckDb.run(work, opts, landing);
            } catch (IllegalStateException e) {
                // Spark's figures are measured already: report them, and the failure, rather than lose them.
                duckFailure = e.getMessage();
                System.err.println("bench: " + duckFailure);
            }
        }

        // The floor (one thread, decompress and count lines), then the DuckDB-native baseline.
        RawRead raw = RawRead.of(landing);
        System.out.printf(Locale.ROOT, "raw read: %,d lines in %.1f s%n", raw.lines(), raw.seconds());
        DuckDb nativeDuck = null;
        String nativeFailure = null;
        if (!opts.containsKey("--skip-duckdb")) {
            try {
                nativeDuck = DuckDb.run(work, opts, landing, "duckdb-native", "native baseline", DuckDbNative.class);
            } catch (IllegalStateException e) {
                nativeFailure = e.getMessage();
                System.err.println("bench: " + nativeFailure);
            }
        }
        List<String> nativeDifferences = nativeDuck == null ? List.of()
            : DuckDbNative.differences(sparkTotals, nativeDuck.totals());

        List<String> differences = new ArrayList<>();
        if (duck != null) {
            TreeSet<String> figures = new TreeSet<>(sparkTotals.keySet());
            figures.addAll(duck.totals().keySet());
            for (String f : figures) {
                String a = sparkTotals.get(f);
                String b = duck.totals().get(f);
                if (a == null || !a.equals(b)) {
                    differences.add(f + ": spark=" + a + " duckdb=" + b);
                }
            }
        }

        List<BenchTable.Row> table = BenchTable.rows(backfill, incrementalLate, incrementalEarly, n, smallDays, duck, sparkTotals,
            differences);
        if (duckFailure != null) {
            table.add(new BenchTable.Row("duckdb", "failed: " + duckFailure.lines().findFirst().orElse(""), "", null, false));
        }
        table.addAll(DuckDbNative.rows(backfill.seconds(), n, nativeDuck, nativeFailure, nativeDifferences, raw));
        String printed = BenchTable.render(table);
        System.out.println();
        System.out.print(printed);
        if (!differences.isEmpty()) {
            System.out.println("\nSpark and DuckDB disagree on " + differences.size() + " figure(s):");
            differences.forEach(d -> System.out.println("  " + d));
        } else if (duck != null) {
            System.out.println("\nSpark and DuckDB agree on all " + sparkTotals.size() + " figures.");
        }
        if (!nativeDifferences.isEmpty()) {
            System.out.println("\nSpark and DuckDB-native disagree on " + nativeDifferences.size() + " figure(s):");
            nativeDifferences.forEach(d -> System.out.println("  " + d));
        }
        Path results = Path.of(opts.getOrDefault("--results", home.resolve("bench/results").toString()));
        Files.createDirectories(results);
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
        Path json = results.resolve(stamp + ".json");
        Files.writeString(json, BenchJson.withMembers(BenchJson.of(stamp, generate, n, table,
            List.of(backfill, incrementalLate, incrementalEarly), duck, sparkTotals, differences),
            DuckDbNative.json(nativeDuck, nativeDifferences, raw)));
        System.out.println("results: " + json);
        return !differences.isEmpty() || !nativeDifferences.isEmpty() ? 1
            : duckFailure != null || nativeFailure != null ? 2 : 0;
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
        Process p = spark.launcher(cmd, null).inheritIO().start();
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

    private Path fresh(String name) throws IOException {
        Path p = work.resolve(name);
        deleteTree(p);
        return p;
    }

    static void deleteTree(Path p) throws IOException {
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
