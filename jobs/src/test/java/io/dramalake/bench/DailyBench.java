package io.dramalake.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code scripts/bench --daily N}: N consecutive days as the Airflow DAGs run them. Each day's dump
 * "arrives" (is copied from the generated staging landing into the landing the runs read) the day
 * it is run; one `run --dump-date D` per day, retried when it exits 75; on the late day the run
 * goes first, finds no dump (75), then the dump lands and the retry succeeds. Every 7th day the
 * weekly `maintain` follows the run. Every figure comes from the runs' {@code --result-json} files
 * and the lake's folders, never from printed text. The JSON is rewritten after every day, so an
 * interrupted bench still leaves the days it did; creating {@code <workdir>/daily-stop} ends it after
 * the day under way.
 */
final class DailyBench {

    static final int EXIT_OK = 0;
    static final int EXIT_TEMPFAIL = 75;
    static final int MAINTAIN_EVERY = 7;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private final Path work;
    private final Path results;
    private final Map<String, String> opts;
    private final SparkRuns spark;
    private final Path staging;
    private final List<String> generate;

    DailyBench(Path work, Path results, Map<String, String> opts, SparkRuns spark, Path staging, List<String> generate) {
        this.work = work;
        this.results = results;
        this.opts = opts;
        this.spark = spark;
        this.staging = staging;
        this.generate = generate;
    }

    /** One launcher process: its exit code, process wall (JVM start included) and result file (null if none). */
    record Attempt(String command, int exitCode, double wallSeconds, JsonNode result, double load1) {
        String status() {
            return result == null ? null : result.path("status").asText(null);
        }

        /** The stage of the result named so, or a missing node. */
        JsonNode stage(String name) {
            for (JsonNode s : result == null ? JSON.createArrayNode() : result.path("stages")) {
                if (name.equals(s.path("name").asText())) {
                    return s;
                }
            }
            return JSON.missingNode();
        }
    }

    /** The default late day: the 10th, or the 2nd of a shorter bench. */
    static int defaultLateDay(int days) {
        return days >= 10 ? 10 : Math.min(2, days);
    }

    int run() throws Exception {
        int days = Integer.parseInt(opts.get("--daily"));
        int lateDay = Integer.parseInt(opts.getOrDefault("--late-day", Integer.toString(defaultLateDay(days))));
        List<String> dumps = Bench.dumpDates(staging);
        if (days < 1 || days > dumps.size()) {
            throw new IllegalArgumentException("--daily " + days + ": the landing zone holds " + dumps.size()
                + " dumps (ask for more with --days N)");
        }
        Path landing = fresh("daily-landing");
        Path lake = fresh("daily-lake");
        Path resultDir = fresh("daily-results");
        Files.createDirectories(landing);
        Files.createDirectories(resultDir);
        Files.createDirectories(results);
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
        Path out = results.resolve(stamp + "-daily.json");

        ObjectNode root = JSON.createObjectNode();
        root.put("utc", stamp);
        root.put("mode", "daily");
        root.putObject("machine").put("cpus", Runtime.getRuntime().availableProcessors())
            .put("java", System.getProperty("java.version"));
        root.putObject("landing").put("options", String.join(" ", generate)).put("dumps", dumps.size());
        root.put("days_asked", days);
        root.put("late_day", lateDay);
        root.put("maintain_every", MAINTAIN_EVERY);
        root.put("complete", false);
        ArrayNode dayNodes = root.putArray("days");
        List<Double> walls = new ArrayList<>();
        List<Double> jobTimes = new ArrayList<>();
        Map<String, DailyLakeStats.Table> tables = Map.of();

        Path stop = work.resolve("daily-stop");
        Files.deleteIfExists(stop);
        int done = 0;
        for (int day = 1; day <= days; day++) {
            if (Files.exists(stop)) {
                // Asked to end early (a deadline): the days so far keep their figures and trend.
                System.out.println("bench: " + stop + " exists: stopping after day " + done + " of " + days);
                break;
            }
            String date = dumps.get(day - 1);
            List<Attempt> attempts = new ArrayList<>();
            if (day != lateDay) {
                arrive(landing, date);
            }
            List<String> runArgs = List.of("run", "--landing", landing.toString(), "--lake", lake.toString(),
                "--dump-date", date);
            attempts.add(attempt(runArgs, resultDir.resolve("run-" + date + "-1.json")));
            if (day == lateDay) {
                if (attempts.get(0).exitCode() != EXIT_TEMPFAIL) {
                    throw new IllegalStateException("late day " + day + " (" + date + "): the run without its dump exited "
                        + attempts.get(0).exitCode() + ", not 75");
                }
                // The vendor delivers; the DAG's retry (after its back-off, not waited here) finds the dump.
                arrive(landing, date);
                attempts.add(attempt(runArgs, resultDir.resolve("run-" + date + "-2.json")));
            }
            Attempt ran = attempts.get(attempts.size() - 1);
            Attempt maintain = null;
            if (ran.exitCode() == EXIT_OK && day % MAINTAIN_EVERY == 0) {
                maintain = attempt(List.of("maintain", "--lake", lake.toString()),
                    resultDir.resolve("maintain-" + date + ".json"));
            }
            tables = DailyLakeStats.of(lake);
            dayNodes.add(dayNode(day, date, attempts, maintain, tables));
            System.out.println(progress(day, date, attempts, maintain));
            boolean failed = ran.exitCode() != EXIT_OK || (maintain != null && maintain.exitCode() != EXIT_OK);
            if (failed) {
                root.put("failed_on_day", day);
                write(out, root);
                System.out.println("results: " + out);
                System.err.println("bench: day " + day + " failed; see " + work);
                return 1;
            }
            walls.add(ran.wallSeconds());
            jobTimes.add(ran.stage("total").path("seconds").asDouble(Double.NaN));
            root.set("trend", trendNode(walls, jobTimes));
            root.put("days_done", ++done);
            write(out, root);
        }
        root.put("complete", done == days);
        write(out, root);

        if (done == 0) {
            System.out.println("results: " + out);
            return 1;
        }
        System.out.println();
        System.out.print(DailyTrend.render("run wall (process, JVM start included)", DailyTrend.of(walls)));
        System.out.print(DailyTrend.render("run job time (the result's total stage)", DailyTrend.of(jobTimes)));
        System.out.println("tables after day " + done + ":");
        System.out.print(tableLines(tables));
        System.out.println("results: " + out);
        return 0;
    }

    // ---- one day ------------------------------------------------------------------------------

    private Attempt attempt(List<String> args, Path resultJson) throws Exception {
        Files.deleteIfExists(resultJson);
        List<String> cmd = new ArrayList<>(args);
        cmd.addAll(List.of("--result-json", resultJson.toString()));
        String name = resultJson.getFileName().toString().replace(".json", "");
        Path log = work.resolve("daily-logs");
        Files.createDirectories(log);
        long start = System.nanoTime();
        Process p = spark.launcher(cmd, null).redirectOutput(log.resolve(name + ".out").toFile())
            .redirectError(log.resolve(name + ".err").toFile()).start();
        int code = p.waitFor();
        double wall = (System.nanoTime() - start) / 1e9;
        JsonNode result = Files.exists(resultJson) ? JSON.readTree(resultJson.toFile()) : null;
        return new Attempt(args.get(0), code, wall, result, ManagementFactory.getOperatingSystemMXBean()
            .getSystemLoadAverage());
    }

    /** The day's dump lands: every source's {@code dump_date=D} folder, copied from staging (hard links where possible). */
    static void arrive(Path landing, Path staging, String date) throws IOException {
        for (String source : List.of("app_intel", "apps", "ad_creatives")) {
            Path from = staging.resolve(source).resolve("dump_date=" + date);
            if (!Files.isDirectory(from)) {
                continue;
            }
            Path to = landing.resolve(source).resolve("dump_date=" + date);
            try (Stream<Path> s = Files.walk(from)) {
                for (Path f : s.sorted().toList()) {
                    Path target = to.resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else if (!Files.exists(target)) {
                        try {
                            Files.createLink(target, f);
                        } catch (IOException | UnsupportedOperationException e) {
                            Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
                        }
                    }
                }
            }
        }
    }

    private void arrive(Path landing, String date) throws IOException {
        arrive(landing, staging, date);
    }

    private static ObjectNode dayNode(int day, String date, List<Attempt> attempts, Attempt maintain,
                                      Map<String, DailyLakeStats.Table> tables) {
        ObjectNode d = JSON.createObjectNode();
        d.put("day", day);
        d.put("dump_date", date);
        ArrayNode a = d.putArray("attempts");
        attempts.forEach(x -> a.add(attemptNode(x)));
        Attempt ran = attempts.get(attempts.size() - 1);
        d.put("exit_code", ran.exitCode());
        d.put("process_wall_s", round(ran.wallSeconds()));
        JsonNode total = ran.stage("total");
        d.set("job_s", total.path("seconds").isMissingNode() ? null : total.get("seconds"));
        ObjectNode stages = d.putObject("stage_s");
        ObjectNode jobs = d.putObject("spark_jobs");
        for (JsonNode s : ran.result() == null ? JSON.createArrayNode() : ran.result().path("stages")) {
            if (s.has("seconds")) {
                stages.set(s.get("name").asText(), s.get("seconds"));
            }
            if (s.has("spark_jobs")) {
                jobs.set(s.get("name").asText(), s.get("spark_jobs"));
            }
        }
        ObjectNode records = d.putObject("records");
        records.put("ingested", ran.stage("ingest").path("rows").path("read").asLong(0));
        records.put("read", ran.stage("validate").path("rows").path("read").asLong(0));
        records.put("accepted", ran.stage("validate").path("rows").path("accepted").asLong(0));
        records.put("superseded", ran.stage("validate").path("rows").path("superseded").asLong(0));
        if (maintain != null) {
            ObjectNode m = attemptNode(maintain);
            m.set("tables", maintain.stage("maintain").path("tables").isMissingNode() ? null
                : maintain.stage("maintain").get("tables"));
            d.set("maintain", m);
        }
        ObjectNode t = d.putObject("tables");
        tables.forEach((name, s) -> t.putObject(name).put("live_files", s.liveFiles()).put("live_bytes", s.liveBytes())
            .put("disk_files", s.diskFiles()).put("disk_bytes", s.diskBytes()).put("log_commits", s.logCommits()));
        return d;
    }

    private static ObjectNode attemptNode(Attempt x) {
        ObjectNode n = JSON.createObjectNode();
        n.put("command", x.command());
        n.put("exit_code", x.exitCode());
        n.put("status", x.status());
        n.put("process_wall_s", round(x.wallSeconds()));
        JsonNode total = x.stage(x.command().equals("maintain") ? "maintain" : "total");
        n.set("job_s", total.path("seconds").isMissingNode() ? null : total.get("seconds"));
        n.put("load1", round(x.load1()));
        return n;
    }

    private static ObjectNode trendNode(List<Double> walls, List<Double> jobTimes) {
        ObjectNode t = JSON.createObjectNode();
        t.set("process_wall_s", JSON.valueToTree(DailyTrend.of(walls)));
        t.set("job_s", JSON.valueToTree(DailyTrend.of(jobTimes)));
        return t;
    }

    private static String progress(int day, String date, List<Attempt> attempts, Attempt maintain) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "day %3d %s:", day, date));
        for (Attempt a : attempts) {
            sb.append(String.format(Locale.ROOT, " run exit %d (%s) %.1f s", a.exitCode(), a.status(), a.wallSeconds()));
            JsonNode total = a.stage("total");
            if (total.has("seconds")) {
                sb.append(String.format(Locale.ROOT, ", job %.1f s, read %d, accepted %d, spark jobs %d",
                    total.get("seconds").asDouble(), a.stage("validate").path("rows").path("read").asLong(),
                    a.stage("validate").path("rows").path("accepted").asLong(),
                    total.path("spark_jobs").path("jobs").asLong()));
            }
            sb.append(';');
        }
        if (maintain != null) {
            sb.append(String.format(Locale.ROOT, " maintain exit %d %.1f s;", maintain.exitCode(), maintain.wallSeconds()));
        }
        return sb.append(String.format(Locale.ROOT, " load %.2f", attempts.get(attempts.size() - 1).load1())).toString();
    }

    static String tableLines(Map<String, DailyLakeStats.Table> tables) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %-32s %10s %14s %10s %14s %8s%n", "table",
            "live files", "live bytes", "disk files", "disk bytes", "commits"));
        tables.forEach((name, t) -> sb.append(String.format(Locale.ROOT, "  %-32s %10s %14s %10d %14d %8d%n", name,
            t.liveFiles() == null ? "?" : t.liveFiles().toString(), t.liveBytes() == null ? "?" : t.liveBytes().toString(),
            t.diskFiles(), t.diskBytes(), t.logCommits())));
        return sb.toString();
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static void write(Path out, ObjectNode root) throws IOException {
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        Files.writeString(tmp, JSON.writeValueAsString(root) + "\n");
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Path fresh(String name) throws IOException {
        Path p = work.resolve(name);
        Bench.deleteTree(p);
        return p;
    }
}
