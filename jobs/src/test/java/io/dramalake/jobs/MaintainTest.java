package io.dramalake.jobs;

import static io.dramalake.jobs.LakeAssertions.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dramalake.common.lake.Lake;
import io.dramalake.common.lake.LakeTable;
import io.dramalake.jobs.cli.ExitCode;
import io.dramalake.jobs.sql.LakeCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.delta.DeltaLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code maintain} after several small runs: every table ends with one file per partition, gold
 * reads the same, time travel inside the retention works, a query running meanwhile succeeds, and a
 * second {@code maintain} commits nothing.
 */
class MaintainTest {

    private static final List<LakeTable> GOLD = List.of(LakeTable.GOLD_DOWNLOAD_VOLUME,
        LakeTable.GOLD_IAP_SHARE_BY_ORIGIN, LakeTable.GOLD_AD_MATERIAL_COUNTS);

    @Test
    void compactsEveryTableLeavesGoldAndTimeTravelAsTheyWereAndIsIdempotent(@TempDir Path dir) throws Exception {
        Path landing = dir.resolve("landing");
        String lake = dir.resolve("lake").toString();
        Fixture.landBothDumpsAndRunTheFirst(landing, lake);
        for (String[] stage : List.of(new String[] {"ingest", "2025-03-05"},
            new String[] {"validate", "2025-03-05"}, new String[] {"curate", null})) {
            List<String> args = new ArrayList<>(List.of(stage[0], "--lake", lake));
            if (!stage[0].equals("validate") && !stage[0].equals("curate")) {
                args.addAll(List.of("--landing", landing.toString()));
            }
            if (stage[1] != null) {
                args.addAll(List.of("--dump-date", stage[1]));
            }
            CliRunner r = CliRunner.run(args.toArray(String[]::new));
            assertEquals(ExitCode.OK, r.exitCode(), r.toString());
        }
        LakeCatalog.register(TestSpark.get(), new Lake(lake));
        Map<LakeTable, List<String>> gold = gold();
        long goldVersion = LakeLockCliTest.versions(lake).get(LakeTable.GOLD_DOWNLOAD_VOLUME);
        Map<LakeTable, Long> filesBefore = files(lake);

        // A reader runs queries throughout.
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> readerFailed = new AtomicReference<>();
        AtomicInteger queries = new AtomicInteger();
        String expected = gold.get(LakeTable.GOLD_DOWNLOAD_VOLUME).toString();
        Thread reader = new Thread(() -> {
            try {
                while (!done.get() || queries.get() == 0) {
                    List<String> seen = rows("SELECT * FROM gold.download_volume ORDER BY month, store, country, app_key");
                    assertEquals(expected, seen.toString());
                    queries.incrementAndGet();
                    Thread.sleep(200);
                }
            } catch (Throwable t) {
                readerFailed.set(t);
            }
        });
        reader.start();
        Path json = dir.resolve("maintain.json");
        CliRunner maintain;
        // The session's own settings come back after maintain: one set (as a profile would), the
        // others unset, though maintain changes each of them for a while.
        org.apache.spark.sql.SparkSession spark = TestSpark.get();
        spark.conf().set(SESSION_KEYS.get(0), String.valueOf(512L << 20));
        Map<String, String> settingsBefore = settings(spark);
        try {
            maintain = CliRunner.run("maintain", "--lake", lake, "--result-json", json.toString());
        } finally {
            done.set(true);
            reader.join();
        }
        assertEquals(ExitCode.OK, maintain.exitCode(), maintain.toString());
        assertEquals(Map.of(SESSION_KEYS.get(0), String.valueOf(512L << 20), SESSION_KEYS.get(1), "unset",
            SESSION_KEYS.get(2), "unset", SESSION_KEYS.get(3), "unset"), settingsBefore);
        Map<String, String> settingsAfter = settings(spark);
        spark.conf().unset(SESSION_KEYS.get(0));
        assertEquals(settingsBefore, settingsAfter, "the session's settings after maintain");
        assertEquals(null, readerFailed.get(), "the query running meanwhile");
        assertTrue(queries.get() >= 1);

        Map<LakeTable, Long> filesAfter = files(lake);
        Map<LakeTable, Long> partitions = partitions(lake);
        // ops.runs: compacted to one file, then maintain's own row is appended in a second.
        partitions.put(LakeTable.OPS_RUNS, 2L);
        assertEquals(partitions, filesAfter, "one file per partition in every table");
        for (LakeTable t : filesBefore.keySet()) {
            assertTrue(filesAfter.get(t) <= filesBefore.get(t), t.toString());
            if (filesBefore.get(t) > partitions.get(t)) {
                assertTrue(maintain.out().contains("maintain: " + t.qualifiedName() + ": " + filesBefore.get(t)
                    + " file(s), "), maintain.out());
            }
        }
        assertTrue(filesAfter.values().stream().mapToLong(Long::longValue).sum()
            < filesBefore.values().stream().mapToLong(Long::longValue).sum(), filesBefore + " -> " + filesAfter);
        LakeCatalog.register(TestSpark.get(), new Lake(lake));
        assertEquals(gold, gold(), "every gold figure unchanged");
        assertEquals(expected, rows("SELECT * FROM gold.download_volume VERSION AS OF " + goldVersion
            + " ORDER BY month, store, country, app_key").toString(), "time travel to the version before");
        // One OPTIMIZE commit exactly where a partition held more than one file; none elsewhere.
        for (LakeTable t : filesBefore.keySet()) {
            long optimized = io.delta.tables.DeltaTable.forPath(TestSpark.get(), new Lake(lake).path(t)).history()
                .filter("operation = 'OPTIMIZE'").count();
            assertEquals(filesBefore.get(t) > (t == LakeTable.OPS_RUNS ? 1 : partitions.get(t)) ? 1 : 0, optimized,
                t.toString());
        }
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        JsonNode stage = r.get("stages").get(0);
        assertEquals("maintain", stage.get("name").asText());
        Map<String, Long> jsonAfter = new LinkedHashMap<>();
        stage.get("tables").forEach(t -> jsonAfter.put(t.get("table").asText(), t.get("files_after").asLong()));
        Map<String, Long> expectedAfter = new LinkedHashMap<>();
        filesAfter.forEach((t, n) -> expectedAfter.put(t.qualifiedName(), n));
        expectedAfter.put(LakeTable.OPS_RUNS.qualifiedName(), 1L); // measured before maintain's own row
        assertEquals(expectedAfter, jsonAfter);
        // A checkpoint at each table's latest version.
        for (LakeTable t : filesAfter.keySet()) {
            DeltaLog log = DeltaLog.forTable(TestSpark.get(), new Lake(lake).path(t));
            if (t != LakeTable.OPS_RUNS) {
                assertEquals(LakeLockCliTest.versions(lake).get(t), log.readLastCheckpointFile().get().version(),
                    t.toString());
            }
        }

        // Again on the Z-ordered table: nothing to do, no table but ops.runs gets a commit.
        Map<LakeTable, Long> versions = LakeLockCliTest.versions(lake);
        CliRunner again = CliRunner.run("maintain", "--lake", lake, "--table", "silver.app_intel_daily");
        assertEquals(ExitCode.OK, again.exitCode(), again.toString());
        Map<LakeTable, Long> versionsAgain = LakeLockCliTest.versions(lake);
        versions.remove(LakeTable.OPS_RUNS);
        versionsAgain.remove(LakeTable.OPS_RUNS);
        assertEquals(versions, versionsAgain);
        long n = filesAfter.get(LakeTable.SILVER_APP_INTEL_DAILY);
        assertTrue(again.out().startsWith("maintain: silver.app_intel_daily: " + n + " file(s), "), again.out());
        assertTrue(again.out().contains(" -> " + n + " file(s), "), again.out());
        assertTrue(again.out().contains(" bytes (already compact)\n"), again.out());

        CliRunner tooShort = CliRunner.run("maintain", "--lake", lake, "--retain-hours", "24");
        assertEquals(ExitCode.USAGE, tooShort.exitCode(), tooShort.toString());
        assertEquals("dramalake maintain: --retain-hours 24 is below 168 (7 days): Delta's retention check would let "
            + "VACUUM delete files a running query or time travel still reads (see dramalake maintain --help)\n",
            tooShort.err());
    }

    /** The settings maintain changes while it works. */
    private static final List<String> SESSION_KEYS = List.of("spark.databricks.delta.optimize.maxFileSize",
        "spark.databricks.delta.optimize.minFileSize", "spark.databricks.delta.vacuum.logging.enabled",
        "spark.sql.sources.parallelPartitionDiscovery.parallelism");

    private static Map<String, String> settings(org.apache.spark.sql.SparkSession spark) {
        Map<String, String> values = new LinkedHashMap<>();
        scala.collection.immutable.Map<String, String> set = spark.conf().getAll();
        SESSION_KEYS.forEach(k -> values.put(k, set.get(k).getOrElse(() -> "unset")));
        return values;
    }

    private static Map<LakeTable, List<String>> gold() {
        Map<LakeTable, List<String>> g = new LinkedHashMap<>();
        for (LakeTable t : GOLD) {
            g.put(t, rows("SELECT * FROM " + t.qualifiedName() + " ORDER BY 1, 2, 3, 4"));
        }
        return g;
    }

    /** Active files of every table that exists. */
    private static Map<LakeTable, Long> files(String lake) {
        Map<LakeTable, Long> files = new LinkedHashMap<>();
        for (LakeTable t : LakeTable.all()) {
            if (new Lake(lake).exists(TestSpark.get(), t)) {
                files.put(t, DeltaLog.forTable(TestSpark.get(), new Lake(lake).path(t))
                    .update(false, scala.Option.empty(), scala.Option.empty()).numOfFiles());
            }
        }
        return files;
    }

    /** Distinct partition values of every table that exists (1 for an unpartitioned one with rows). */
    private static Map<LakeTable, Long> partitions(String lake) {
        Map<LakeTable, Long> n = new LinkedHashMap<>();
        for (LakeTable t : files(lake).keySet()) {
            List<String> cols = TestSpark.get().sql("DESCRIBE DETAIL " + t.qualifiedName())
                .first().<String>getList(TestSpark.get().sql("DESCRIBE DETAIL " + t.qualifiedName()).first()
                    .fieldIndex("partitionColumns"));
            String select = cols.isEmpty() ? "1" : String.join(", ", cols);
            n.put(t, Long.parseLong(rows("SELECT count(*) FROM (SELECT DISTINCT " + select + " FROM "
                + t.qualifiedName() + ")").get(0)));
        }
        return n;
    }
}
