package io.dramalake.jobs;

import static io.dramalake.jobs.LakeAssertions.count;
import static io.dramalake.jobs.LakeAssertions.rows;
import static org.apache.spark.sql.functions.callUDF;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dramalake.common.lake.Lake;
import io.dramalake.common.lake.LakeTable;
import io.dramalake.common.lake.Tables;
import io.dramalake.jobs.ingest.Bronze;
import io.dramalake.jobs.cli.ExitCode;
import io.dramalake.jobs.sql.LakeCatalog;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bronze takes a file at most once by its own commit, without the lake lock's help: two ingests
 * landing it at the same moment conflict, and an ingest that believes a file is new (its read of
 * {@code ops.ingested_files} was made before another ingest landed and logged the file) adds
 * nothing of it.
 */
class BronzeIdempotencyTest {

    private static final String PART_1 = "app_intel/dump_date=2025-03-02/part-1.csv";

    @Test
    void twoIngestsLandingTheSameFileAtOnceLandItOnceAndTheOtherConflicts(@TempDir Path dir) throws Exception {
        SparkSession spark = TestSpark.get();
        Lake lake = new Lake(dir.resolve("lake").toString());
        LakeTable bronze = LakeTable.BRONZE_APP_INTEL;
        List<String> key = List.of(Bronze.PARTITION, "source_file");
        String dumpDates = "t.dump_date IN (DATE'2025-03-02')";
        new Tables(spark, lake, "run-0").appendAbsent(bronze, file("a.csv", 2, "run-0"), key, dumpDates, Bronze.PARTITION);

        // Each racer's rows take a second to read, so both MERGEs start from the same snapshot.
        spark.udf().register("slowly", (UDF1<String, String>) v -> {
            Thread.sleep(1000);
            return v;
        }, DataTypes.StringType);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> racers = new ArrayList<>();
        try {
            for (String run : List.of("run-1", "run-2")) {
                Dataset<Row> rows = file("b.csv", 3, run).withColumn("raw_record", callUDF("slowly", col("raw_record")));
                racers.add(pool.submit(() -> new Tables(spark, lake, run).appendAbsent(bronze, rows, key, dumpDates,
                    Bronze.PARTITION)));
            }
            int landed = 0;
            List<Throwable> conflicts = new ArrayList<>();
            for (Future<?> f : racers) {
                try {
                    f.get();
                    landed++;
                } catch (ExecutionException e) {
                    conflicts.add(e.getCause());
                }
            }
            assertEquals(1, landed, "one racer's commit lands: " + conflicts);
            assertEquals(1, conflicts.size());
            assertTrue(conflicts.get(0) instanceof java.util.ConcurrentModificationException, conflicts.get(0).toString());
            assertEquals("ConcurrentAppendException", conflicts.get(0).getClass().getSimpleName());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of("a.csv,2,1", "b.csv,3,1"), rows("SELECT substring_index(source_file, '/', -1) AS f, count(*), "
            + "count(DISTINCT run_id) FROM delta.`" + lake.path(bronze) + "` GROUP BY f ORDER BY f"));
    }

    /** {@code lines} bronze rows of one landed file of dump 2025-03-02. */
    private static Dataset<Row> file(String name, int lines, String runId) {
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i <= lines; i++) {
            rows.add(RowFactory.create("record " + i, "h", (long) i + 1, "app_intel/dump_date=2025-03-02/" + name,
                Date.valueOf("2025-03-02"), Timestamp.valueOf("2025-03-02 06:00:00"), runId, null));
        }
        return TestSpark.get().createDataFrame(rows, Bronze.SCHEMA).coalesce(1);
    }

    @Test
    void aFileLandedByAnotherIngestAfterThisOneReadTheLogIsNotLandedTwice(@TempDir Path dir) throws Exception {
        Path landing = dir.resolve("landing");
        String lake = dir.resolve("lake").toString();
        Fixture.landBothDumpsAndRunTheFirst(landing, lake);
        CliRunner second = CliRunner.run("ingest", "--landing", landing.toString(), "--lake", lake,
            "--dump-date", "2025-03-05");
        assertEquals(ExitCode.OK, second.exitCode(), second.toString());

        // What a racing ingest sees: part-1.csv not in the log, while every bronze commit so far
        // came from a run that logged its files (so nothing points at an interrupted run).
        TestSpark.get().sql("DELETE FROM delta.`" + new Lake(lake).path(LakeTable.OPS_INGESTED_FILES)
            + "` WHERE source_file = '" + PART_1 + "'");

        CliRunner run = CliRunner.run("run", "--landing", landing.toString(), "--lake", lake);
        assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        assertTrue(run.out().contains("ingest: 1 new file(s), 0 record(s) (app_intel=0)"), run.out());
        LakeCatalog.register(TestSpark.get(), new Lake(lake));
        assertEquals(33, count("SELECT count(*) FROM bronze.app_intel"), "part-1.csv's 26 records landed once");
        assertEquals(List.of("26"), rows("SELECT count(*) FROM bronze.app_intel WHERE source_file = '" + PART_1 + "'"));
        assertEquals(List.of("1"), rows("SELECT count(*) FROM ops.ingested_files WHERE source_file = '" + PART_1 + "'"));
        assertEquals(7, count("SELECT count(*) FROM ops.ingested_files"));
        assertEquals(FixtureGold.AD_MATERIAL_COUNTS,
            rows(FixtureGold.AD_MATERIAL_QUERY));
        assertEquals(FixtureGold.DOWNLOAD_VOLUME,
            rows(FixtureGold.DOWNLOAD_VOLUME_QUERY));
    }
}
