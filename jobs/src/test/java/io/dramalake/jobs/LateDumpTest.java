package io.dramalake.jobs;

import static io.dramalake.jobs.LakeAssertions.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dramalake.common.lake.Lake;
import io.dramalake.common.lake.LakeTable;
import io.dramalake.jobs.cli.ExitCode;
import io.dramalake.jobs.ops.RunLog;
import io.dramalake.jobs.sql.LakeCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dumps landed day by day as the DAG runs them: a day whose dump has not arrived (no folder, files
 * still being copied, no marker) exits 75 naming what is missing and leaves the lake as it was;
 * once it arrives the same command succeeds. Also the run record: version, freshness, result JSON.
 */
class LateDumpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aDumpThatHasNotArrivedExits75AndLeavesTheLakeUnchangedThenLandsOnceItHas(@TempDir Path dir)
        throws Exception {
        Path landing = dir.resolve("landing");
        String lake = dir.resolve("lake").toString();
        Path profile = dir.resolve("marker.properties");
        Files.writeString(profile, "dramalake.dump-marker=_SUCCESS\n");
        oldRunsTable(lake);
        Fixture.writeDump1(landing);
        Files.createFile(landing.resolve("app_intel/dump_date=2025-03-02/_SUCCESS"));
        Files.createFile(landing.resolve("ad_creatives/dump_date=2025-03-02/_SUCCESS"));
        CliRunner first = CliRunner.run("ingest", "--landing", landing.toString(), "--lake", lake, "--conf",
            profile.toString(), "--dump-date", "2025-03-02");
        assertEquals(ExitCode.OK, first.exitCode(), first.toString());

        Map<LakeTable, Long> versions = LakeLockCliTest.versions(lake);
        List<String> lakeFiles = files(Path.of(lake));
        String folders = landing + "/app_intel/dump_date=2025-03-05";
        String creatives = landing + "/ad_creatives/dump_date=2025-03-05";

        // Not there at all.
        Path json = dir.resolve("out/result.json");
        CliRunner none = CliRunner.run("run", "--landing", landing.toString(), "--lake", lake, "--conf",
            profile.toString(), "--dump-date", "2025-03-05", "--result-json", json.toString());
        assertEquals(ExitCode.DUMP_NOT_ARRIVED, none.exitCode(), none.toString());
        String noneLine = "dramalake run: dump 2025-03-05 has not arrived: app_intel (" + folders + ": no folder), "
            + "ad_creatives (" + creatives + ": no folder); nothing was written, retry later (or --allow-missing "
            + "SOURCE)";
        assertEquals(noneLine + "\n", none.err(), "one line, nothing else");
        JsonNode r = JSON.readTree(json.toFile());
        assertEquals(75, r.get("exit_code").asInt());
        assertEquals("dump_not_arrived", r.get("status").asText());
        assertEquals(noneLine, r.get("message").asText());
        assertEquals("[{\"source\":\"app_intel\",\"folder\":\"" + folders + "\",\"why\":\"no folder\"},"
            + "{\"source\":\"ad_creatives\",\"folder\":\"" + creatives + "\",\"why\":\"no folder\"}]",
            r.get("missing").toString());

        // Still being copied: Hadoop's and a download's in-progress names.
        Fixture.writeGzip(landing.resolve("app_intel/dump_date=2025-03-05/restated.csv.gz._COPYING_"), "x\n");
        Fixture.write(landing.resolve("ad_creatives/dump_date=2025-03-05/_temporary/0/part-0.jsonl"), "{}\n");
        Fixture.write(landing.resolve("ad_creatives/dump_date=2025-03-05/creatives.jsonl.part"), "{}\n");
        CliRunner copying = run(landing, lake, profile, "2025-03-05");
        assertEquals(ExitCode.DUMP_NOT_ARRIVED, copying.exitCode(), copying.toString());
        assertEquals("dramalake run: dump 2025-03-05 has not arrived: app_intel (" + folders + ": still being "
            + "written: restated.csv.gz._COPYING_), ad_creatives (" + creatives + ": still being written: _temporary, "
            + "creatives.jsonl.part); nothing was written, retry later (or --allow-missing SOURCE)\n", copying.err());
        // ingest alone says the same.
        CliRunner ingest = CliRunner.run("ingest", "--landing", landing.toString(), "--lake", lake, "--conf",
            profile.toString(), "--dump-date", "2025-03-05");
        assertEquals(ExitCode.DUMP_NOT_ARRIVED, ingest.exitCode(), ingest.toString());
        assertTrue(ingest.err().startsWith("dramalake ingest: dump 2025-03-05 has not arrived: app_intel ("),
            ingest.err());

        // Copied, but the marker the profile asks for is not written yet.
        try (Stream<Path> w = Files.walk(landing.resolve("ad_creatives/dump_date=2025-03-05"))) {
            w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Files.delete(landing.resolve("app_intel/dump_date=2025-03-05/restated.csv.gz._COPYING_"));
        Fixture.writeDump2(landing);
        CliRunner unmarked = run(landing, lake, profile, "2025-03-05");
        assertEquals(ExitCode.DUMP_NOT_ARRIVED, unmarked.exitCode(), unmarked.toString());
        assertEquals("dramalake run: dump 2025-03-05 has not arrived: app_intel (" + folders + ": no _SUCCESS "
            + "marker), ad_creatives (" + creatives + ": no _SUCCESS marker); nothing was written, retry later (or "
            + "--allow-missing SOURCE)\n", unmarked.err());

        assertEquals(versions, LakeLockCliTest.versions(lake), "no table got a commit");
        assertEquals(lakeFiles, files(Path.of(lake)), "not a file of the lake changed");

        // app_intel arrives; ad_creatives is let through for this run.
        Files.createFile(landing.resolve("app_intel/dump_date=2025-03-05/_SUCCESS"));
        CliRunner arrived = CliRunner.run("run", "--landing", landing.toString(), "--lake", lake, "--conf",
            profile.toString(), "--dump-date", "2025-03-05", "--allow-missing", "ad_creatives", "--result-json",
            json.toString());
        assertEquals(ExitCode.OK, arrived.exitCode(), arrived.toString());
        assertTrue(arrived.out().startsWith("ingest: 3 new file(s), 9 record(s) (app_intel=5, apps=2, "
            + "ad_creatives=2)"), arrived.out());

        LakeCatalog.register(TestSpark.get(), new Lake(lake));
        r = JSON.readTree(json.toFile());
        String runId = rows("SELECT run_id FROM ops.runs WHERE command = 'run' ORDER BY started_at DESC LIMIT 1")
            .get(0);
        assertEquals(0, r.get("exit_code").asInt());
        assertEquals("succeeded", r.get("status").asText());
        assertEquals(runId, r.get("run_id").asText());
        assertEquals(Version.get(), r.get("version").asText());
        assertFalse(r.has("message"));
        assertEquals(List.of("ingest", "validate", "curate", "total"),
            r.get("stages").findValuesAsText("name"));
        JsonNode ingested = r.get("stages").get(0);
        assertEquals(3, ingested.get("files").asInt());
        assertEquals(JSON.readTree("{\"read\":9,\"read_by_source\":{\"app_intel\":5,\"apps\":2,\"ad_creatives\":2}}"),
            ingested.get("rows"));
        JsonNode validated = r.get("stages").get(1);
        assertEquals(3, validated.get("files").asInt());
        // The same figures as the run's row accounting.
        String where = " FROM ops.row_accounting WHERE run_id = '" + runId + "'";
        assertEquals(rows("SELECT sum(rows)" + where + " AND metric = 'read'").get(0),
            validated.get("rows").get("read").asText());
        assertEquals("9", validated.get("rows").get("read").asText(), "dump 2 only: 5 + 2 + 2");
        assertEquals(rows("SELECT sum(rows)" + where + " AND metric = 'accepted'").get(0),
            validated.get("rows").get("accepted").asText());
        assertEquals(rows("SELECT coalesce(sum(rows), 0)" + where + " AND metric = 'superseded'").get(0),
            validated.get("rows").get("superseded").asText());
        assertEquals(rows("SELECT count(*) FROM ops.quality_results WHERE run_id = '" + runId + "'").get(0),
            String.valueOf(r.get("quality").size()));
        assertTrue(r.get("stages").get(2).get("published").asBoolean());
        assertTrue(r.get("stages").get(3).get("seconds").asDouble() > 0);
        // The Spark work per stage and in total: the same counts as the spark_jobs line.
        StringBuilder counted = new StringBuilder();
        for (JsonNode stage : r.get("stages")) {
            JsonNode j = stage.get("spark_jobs");
            counted.append(' ').append(stage.get("name").asText()).append('=').append(j.get("jobs").asLong()).append('/')
                .append(j.get("sql_executions").asLong()).append('/').append(j.get("delta_file_scans").asLong());
        }
        String line = arrived.out().lines().filter(l -> l.startsWith("spark_jobs:")).findFirst().orElseThrow();
        for (String c : counted.toString().strip().split(" ")) {
            assertTrue((line + " ").contains(" " + c + " "), c + " in " + line);
        }
        assertTrue(r.get("stages").get(3).get("spark_jobs").get("jobs").asLong() > 0);

        // ops.runs: the version of each run; the row an older release wrote reads null.
        assertEquals(List.of("old,null", "ingest," + Version.get(), "run," + Version.get()),
            rows("SELECT command, version FROM ops.runs ORDER BY started_at"));

        // Freshness: per source, as of the last run.
        List<String> fresh = rows("SELECT source, latest_landed, latest_validated, days_behind, "
            + "CAST(recorded_at AS DATE) FROM ops.freshness ORDER BY source");
        LocalDate recorded = LocalDate.parse(fresh.get(0).split(",")[4]);
        long behind = ChronoUnit.DAYS.between(LocalDate.parse("2025-03-05"), recorded);
        assertEquals(List.of("ad_creatives,2025-03-05,2025-03-05," + behind + "," + recorded,
            "app_intel,2025-03-05,2025-03-05," + behind + "," + recorded,
            "apps,2025-03-05,2025-03-05," + behind + "," + recorded), fresh);
    }

    @Test
    void versionPrintsTheBuildsVersion() {
        CliRunner v = CliRunner.run("--version");
        assertEquals(ExitCode.OK, v.exitCode(), v.toString());
        assertTrue(Version.get().matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), Version.get());
        assertEquals("dramalake " + Version.get() + "\n", v.out());
    }

    @Test
    void aDryRunWritesNoResultFile(@TempDir Path dir) {
        Path json = dir.resolve("r.json");
        CliRunner r = CliRunner.run("curate", "--lake", dir.toString(), "--dry-run", "--result-json", json.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.toString());
        assertFalse(Files.exists(json));
    }

    private static CliRunner run(Path landing, String lake, Path profile, String dumpDate) {
        return CliRunner.run("run", "--landing", landing.toString(), "--lake", lake, "--conf", profile.toString(),
            "--dump-date", dumpDate);
    }

    /** ops.runs as a release before the version column wrote it. */
    private static void oldRunsTable(String lake) {
        StructType old = new StructType(Arrays.copyOf(RunLog.SCHEMA.fields(), RunLog.SCHEMA.fields().length - 1));
        assertEquals("silver_versions", old.fields()[old.fields().length - 1].name());
        Timestamp t = Timestamp.valueOf("2025-01-01 00:00:00");
        TestSpark.get().createDataFrame(List.of(RowFactory.create("r0", "old", t, t, "succeeded", 0, "s", null)), old)
            .write().format("delta").save(new Lake(lake).path(LakeTable.OPS_RUNS));
    }

    /** Every file below the lake with its size, except the lock the run leaves behind (none). */
    private static List<String> files(Path root) throws Exception {
        try (Stream<Path> w = Files.walk(root)) {
            return w.filter(Files::isRegularFile).map(p -> root.relativize(p) + ":" + p.toFile().length()).sorted()
                .toList();
        }
    }
}
