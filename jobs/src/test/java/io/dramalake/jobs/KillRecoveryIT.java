package io.dramalake.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dramalake.common.lake.Lake;
import io.dramalake.common.lake.LakeTable;
import io.dramalake.common.lake.Tables;
import io.dramalake.jobs.cli.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code scripts/dramalake run} killed with {@code kill -9} right after any one of its
 * commits, then run again, leaves every table and the whole row accounting exactly as an
 * uninterrupted run does. Both a first run (empty lake) and an incremental one (the next dump on
 * the first run's lake) are killed at each of their commits, enumerated from the Delta logs of
 * the uninterrupted runs; the process stops at a commit through {@link Tables}' test hook.
 *
 * <p>By default one process per run steps through its commits: stopped after each, the lake is
 * copied (a stopped process writes nothing, so the copy is what {@code kill -9} there leaves),
 * and after its last it is killed with {@code kill -9}, so every copy holds a dead writer's lake.
 * With {@code -Ddramalake.killRecovery.processPerCommit=true} a separate process is killed at
 * each commit instead (one JVM start per commit). Reruns and comparisons happen in this JVM.
 */
class KillRecoveryIT {

    private static final String FIRST_DUMP = "2025-03-02";

    @TempDir
    static Path dir;
    private static Path landing;
    /** The lake after the uninterrupted first run; copied, never written. */
    private static Path afterFirstLake;
    private static Map<String, List<String>> afterFirst;
    private static Map<String, List<String>> afterIncremental;
    private static List<String> firstCommits;
    private static List<String> incrementalCommits;
    /** Per commit (1-based), the lake as a kill after it left it, when stepping through one process. */
    private static List<Path> firstSnapshots;
    private static List<Path> incrementalSnapshots;
    private static final boolean PROCESS_PER_COMMIT = Boolean.getBoolean("dramalake.killRecovery.processPerCommit");

    @BeforeAll
    static void uninterruptedRuns() throws Exception {
        landing = dir.resolve("landing");
        Fixture.writeDump1(landing);
        Fixture.writeDump2(landing);
        afterFirstLake = dir.resolve("reference-first");
        ok(CliRunner.run(firstRun(afterFirstLake)));
        Path incremental = dir.resolve("reference-incremental");
        copy(afterFirstLake, incremental);
        ok(CliRunner.run(incrementalRun(incremental)));

        afterFirst = contents(afterFirstLake);
        afterIncremental = contents(incremental);
        firstCommits = commitsOf(afterFirstLake, lastRun(afterFirstLake));
        incrementalCommits = commitsOf(incremental, lastRun(incremental));
        assertIdentity(afterFirstLake);
        assertIdentity(incremental);
        System.out.println("KillRecoveryIT: first run " + firstCommits.size() + " commits " + firstCommits
            + "; incremental run " + incrementalCommits.size() + " commits " + incrementalCommits);
        if (!PROCESS_PER_COMMIT) {
            firstSnapshots = stepThrough("first", null, KillRecoveryIT::firstRun, firstCommits);
            incrementalSnapshots = stepThrough("incremental", afterFirstLake, KillRecoveryIT::incrementalRun,
                incrementalCommits);
        }
    }

    @TestFactory
    Stream<DynamicTest> firstRunKilledAfterEachCommit() {
        return IntStream.rangeClosed(1, firstCommits.size()).filter(n -> selected("first", n)).mapToObj(n -> DynamicTest.dynamicTest(
            "first run killed after commit " + n + " (" + firstCommits.get(n - 1) + ")",
            () -> killRerunCompare("first", n, null, KillRecoveryIT::firstRun, firstCommits, firstSnapshots,
                afterFirst)));
    }

    @TestFactory
    Stream<DynamicTest> incrementalRunKilledAfterEachCommit() {
        return IntStream.rangeClosed(1, incrementalCommits.size()).filter(n -> selected("incremental", n)).mapToObj(n -> DynamicTest.dynamicTest(
            "incremental run killed after commit " + n + " (" + incrementalCommits.get(n - 1) + ")",
            () -> killRerunCompare("incremental", n, afterFirstLake, KillRecoveryIT::incrementalRun,
                incrementalCommits, incrementalSnapshots, afterIncremental)));
    }

    /**
     * The boundaries the suite kills at by default: right after the silver.app_intel_daily MERGE
     * of a first and of an incremental run, where the row-accounting defect was. Every boundary
     * costs a pipeline rerun (about 30 s here), so all 33 are {@code -Ddramalake.killRecovery.only=all}.
     */
    static final String DEFAULT_BOUNDARIES = "first:6,incremental:5";

    /** {@code -Ddramalake.killRecovery.only=first:6,incremental:5} runs just those boundaries; {@code all} every one. */
    private static boolean selected(String run, int n) {
        String only = System.getProperty("dramalake.killRecovery.only", "");
        if (only.isBlank()) {
            only = DEFAULT_BOUNDARIES;
        }
        return only.equals("all") || Arrays.asList(only.split(",")).contains(run + ":" + n);
    }

    private static void killRerunCompare(String label, int n, Path startFrom,
                                         java.util.function.Function<Path, String[]> args,
                                         List<String> commits, List<Path> snapshots, Map<String, List<String>> expected)
        throws Exception {
        Path lake = dir.resolve(label + "-killed-after-" + n);
        long t0 = System.nanoTime();
        String pausedAt;
        if (snapshots != null) {
            lake = snapshots.get(n - 1);
            pausedAt = commits.get(n - 1);
        } else {
            if (startFrom != null) {
                copy(startFrom, lake);
            }
            pausedAt = killAfterCommit(n, lake, args.apply(lake));
            assertEquals(commits.get(n - 1), pausedAt, "the hook's commit " + n + " is the Delta logs' commit " + n);
        }
        long t1 = System.nanoTime();
        CliRunner rerun = CliRunner.run(args.apply(lake));
        assertEquals(ExitCode.OK, rerun.exitCode(), rerun.toString());
        long t2 = System.nanoTime();
        Map<String, List<String>> actual = contents(lake);
        StringBuilder diff = new StringBuilder();
        for (String table : union(expected.keySet(), actual.keySet())) {
            List<String> want = expected.getOrDefault(table, List.of());
            List<String> got = actual.getOrDefault(table, List.of());
            if (!want.equals(got)) {
                diff.append("\n").append(table).append(": missing ").append(minus(want, got))
                    .append("; unexpected ").append(minus(got, want));
            }
        }
        String identity = identityBroken(lake);
        if (identity != null) {
            diff.append("\n").append(identity);
        }
        System.out.printf(java.util.Locale.ROOT, "KillRecoveryIT: %s run killed after commit %d (%s): kill %.1fs, "
            + "rerun %.1fs, compare %.1fs%n", label, n, pausedAt, (t1 - t0) / 1e9, (t2 - t1) / 1e9,
            (System.nanoTime() - t2) / 1e9);
        if (diff.length() > 0) {
            fail("after the rerun the lake differs from the uninterrupted run's:" + diff);
        }
    }

    private static String[] firstRun(Path lake) {
        return new String[] {"run", "--landing", landing.toString(), "--lake", lake.toString(), "--dump-date", FIRST_DUMP};
    }

    private static String[] incrementalRun(Path lake) {
        return new String[] {"run", "--landing", landing.toString(), "--lake", lake.toString()};
    }

    /**
     * Runs the launcher on a copy of {@code startFrom} (or an empty lake) stopping after each
     * commit: copies the lake there, lets it go on, and kills it with {@code kill -9} after its last.
     */
    private static List<Path> stepThrough(String label, Path startFrom, java.util.function.Function<Path, String[]> args,
                                          List<String> commits) throws Exception {
        long t0 = System.nanoTime();
        Path lake = dir.resolve(label + "-stepped");
        if (startFrom != null) {
            copy(startFrom, lake);
        }
        Process p = launch(lake, args.apply(lake), "each");
        Path err = dir.resolve("killed-" + lake.getFileName() + ".err");
        List<Path> snapshots = new ArrayList<>();
        try (var resume = new java.io.PrintStream(p.getOutputStream(), true, StandardCharsets.UTF_8)) {
            for (int n = 1; n <= commits.size(); n++) {
                assertEquals(commits.get(n - 1), awaitPause(p, err, n), "the hook's commit " + n
                    + " is the Delta logs' commit " + n);
                Path copy = dir.resolve(label + "-killed-after-" + n);
                copy(lake, copy);
                snapshots.add(copy);
                if (n < commits.size()) {
                    resume.println();
                }
            }
            kill9(p);
        } finally {
            p.destroyForcibly();
        }
        System.out.printf(java.util.Locale.ROOT, "KillRecoveryIT: %s run stepped through %d commits and killed: %.1fs%n",
            label, commits.size(), (System.nanoTime() - t0) / 1e9);
        return snapshots;
    }

    /**
     * Starts the launcher with the hook set to stop after commit {@code n}, waits for its marker and
     * kills it with {@code kill -9}; returns the table the hook says it committed last.
     */
    private static String killAfterCommit(int n, Path lake, String[] args) throws Exception {
        Process p = launch(lake, args, Integer.toString(n));
        try {
            String table = awaitPause(p, dir.resolve("killed-" + lake.getFileName() + ".err"), n);
            kill9(p);
            return table;
        } finally {
            p.destroyForcibly();
        }
    }

    private static Process launch(Path lake, String[] args, String pauseAfterCommit) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("dramalake.home"), "scripts", "dramalake")
            .toString()));
        cmd.addAll(Arrays.asList(args));
        cmd.addAll(List.of("--master", "local[2]"));
        Path err = dir.resolve("killed-" + lake.getFileName() + ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false)
            .redirectOutput(dir.resolve("killed-" + lake.getFileName() + ".out").toFile()).redirectError(err.toFile());
        pb.environment().put("DRAMALAKE_DRIVER_MEMORY", "1g");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        // A tiny fixture: one shuffle partition, one snapshot partition.
        pb.environment().put("DRAMALAKE_JAVA_OPTS", "-D" + Tables.PAUSE_AFTER_COMMIT + "=" + pauseAfterCommit
            + " -Dspark.sql.shuffle.partitions=1 -Dspark.databricks.delta.snapshotPartitions=1");
        return pb.start();
    }

    /** Waits until the process reports it stopped after commit {@code n}; returns the table it committed. */
    private static String awaitPause(Process p, Path err, int n) throws Exception {
        String marker = "dramalake.test: paused after commit " + n + "\n";
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        String log = "";
        while (!log.contains(marker)) {
            if (!p.isAlive()) {
                fail("the run ended (exit " + p.exitValue() + ") before commit " + n + ":\n" + log);
            }
            if (System.nanoTime() > deadline) {
                fail("no commit " + n + " within 5 minutes:\n" + log);
            }
            Thread.sleep(50);
            log = Files.readString(err, StandardCharsets.UTF_8);
        }
        String prefix = "dramalake.test: commit " + n + " ";
        return log.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length()).trim();
    }

    private static void kill9(Process p) throws Exception {
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(p.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        assertEquals(137, p.exitValue(), "killed by SIGKILL");
    }

    /** The tables committed by {@code runId}, in commit order, from the lake's Delta logs. */
    private static List<String> commitsOf(Path lake, String runId) throws IOException {
        ObjectMapper json = new ObjectMapper();
        TreeMap<Long, List<String>> byTime = new TreeMap<>();
        Lake l = new Lake(lake.toString());
        for (LakeTable table : LakeTable.all()) {
            Path log = Path.of(l.path(table)).resolve("_delta_log");
            if (!Files.isDirectory(log)) {
                continue;
            }
            try (Stream<Path> files = Files.list(log)) {
                for (Path f : files.filter(f -> f.getFileName().toString().matches("\\d{20}\\.json")).toList()) {
                    for (String line : Files.readAllLines(f)) {
                        JsonNode info = json.readTree(line).get("commitInfo");
                        if (info != null && runId.equals(info.path("userMetadata").asText(null))) {
                            byTime.computeIfAbsent(info.get("timestamp").asLong(), t -> new ArrayList<>())
                                .add(table.qualifiedName());
                        }
                    }
                }
            }
        }
        List<String> out = new ArrayList<>();
        byTime.values().forEach(out::addAll);
        return out;
    }

    private static String lastRun(Path lake) {
        return TestSpark.get().read().format("delta").load(new Lake(lake.toString()).path(LakeTable.OPS_RUNS))
            .orderBy(org.apache.spark.sql.functions.col("finished_at").desc()).first().getString(0);
    }

    /** Columns that name a run or a moment, so they differ between any two runs. */
    private static final List<String> RUN_COLUMNS = List.of("run_id", "ingested_at", "quarantined_at", "recorded_at",
        "validated_at", "started_at", "finished_at", "summary", "silver_versions");

    /**
     * Every table's rows (run and time columns left out), sorted. {@code ops.quality_results} is
     * compared by its distinct verdicts: a killed run's checks stay on record, and a rerun whose
     * gold is rebuilt whole measures more rows than the uninterrupted run's scoped rebuild.
     */
    private static Map<String, List<String>> contents(Path lake) {
        Lake l = new Lake(lake.toString());
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (LakeTable table : LakeTable.all()) {
            if (!Files.isDirectory(Path.of(l.path(table)).resolve("_delta_log"))) {
                continue;
            }
            Dataset<Row> rows = TestSpark.get().read().format("delta").load(l.path(table));
            for (String c : RUN_COLUMNS) {
                rows = rows.drop(c);
            }
            if (table == LakeTable.OPS_QUALITY_RESULTS) {
                rows = rows.drop("metric_value").distinct();
            }
            out.put(table.qualifiedName(), rows.collectAsList().stream().map(r -> r.mkString("|")).sorted().toList());
        }
        return out;
    }

    private static void assertIdentity(Path lake) {
        String broken = identityBroken(lake);
        assertTrue(broken == null, broken);
    }

    /** Why Σ read = silver rows + quarantined rows + Σ superseded + Σ displaced fails, or null. */
    private static String identityBroken(Path lake) {
        Lake l = new Lake(lake.toString());
        java.util.function.Function<LakeTable, Dataset<Row>> read =
            t -> TestSpark.get().read().format("delta").load(l.path(t));
        Map<String, Long> byMetric = new TreeMap<>();
        for (Row r : read.apply(LakeTable.OPS_ROW_ACCOUNTING).groupBy("metric")
            .agg(org.apache.spark.sql.functions.sum("rows")).collectAsList()) {
            byMetric.put(r.getString(0), r.getLong(1));
        }
        long silver = read.apply(LakeTable.SILVER_APP_INTEL_DAILY).count() + read.apply(LakeTable.SILVER_APPS).count()
            + read.apply(LakeTable.SILVER_AD_CREATIVES).count();
        long quarantined = read.apply(LakeTable.SILVER_QUARANTINE).count();
        long accounted = silver + quarantined + byMetric.getOrDefault("superseded", 0L)
            + byMetric.getOrDefault("displaced", 0L);
        return byMetric.get("read") == accounted ? null : "Σ read " + byMetric.get("read") + " != silver " + silver
            + " + quarantined " + quarantined + " + superseded + displaced = " + accounted + "; accounting " + byMetric;
    }

    private static void ok(CliRunner run) {
        assertEquals(ExitCode.OK, run.exitCode(), run.toString());
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static List<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return new ArrayList<>(all);
    }

    /** {@code a} minus {@code b}, as multisets. */
    private static List<String> minus(List<String> a, List<String> b) {
        List<String> rest = new ArrayList<>(a);
        b.forEach(rest::remove);
        return rest;
    }
}
