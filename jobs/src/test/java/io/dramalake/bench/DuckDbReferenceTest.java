package io.dramalake.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dramalake.common.lake.Lake;
import io.dramalake.common.spark.ShufflePartitions;
import io.dramalake.jobs.CliRunner;
import io.dramalake.jobs.Fixture;
import io.dramalake.jobs.TestSpark;
import io.dramalake.jobs.cli.ExitCode;
import io.dramalake.jobs.sample.SampleGenerator;
import io.dramalake.jobs.sample.SampleOptions;
import io.dramalake.jobs.sql.LakeCatalog;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's DuckDB reference must stay the twin of the Spark pipeline: on the hand-made
 * fixture and on a tiny generated landing, every figure of bench/totals.sql and every quarantined
 * record (file, line, reason) must be the same in both.
 */
class DuckDbReferenceTest {

    private static final String QUARANTINE =
        "SELECT source, reason, source_file, line_number FROM silver.quarantine ORDER BY source_file, line_number";

    @Test
    void fixtureGivesTheSameFiguresAsTheLake(@TempDir Path dir) throws Exception {
        Path landing = dir.resolve("landing");
        Fixture.writeDump1(landing);
        Fixture.writeDump2(landing);
        assertTwins(landing, dir.resolve("lake"));
    }

    @Test
    void generatedSampleGivesTheSameFiguresAsTheLake(@TempDir Path dir) throws Exception {
        assertTwins(generatedSample(dir), dir.resolve("lake"));
    }

    /**
     * Batches this small run interpreted and without adaptive execution; here every query runs
     * generated code and adaptive plans, as large batches do.
     */
    @Test
    void generatedSampleGivesTheSameFiguresWithGeneratedCode(@TempDir Path dir) throws Exception {
        Path landing = generatedSample(dir);
        System.setProperty(ShufflePartitions.INTERPRETED_UP_TO, "-1");
        try {
            assertTwins(landing, dir.resolve("lake"));
        } finally {
            System.clearProperty(ShufflePartitions.INTERPRETED_UP_TO);
        }
    }

    /** A tiny generated landing zone: 8 days, 10 to 20 apps, 6 countries, 400 creatives. */
    private static Path generatedSample(Path dir) throws Exception {
        Path landing = dir.resolve("landing");
        new SampleGenerator(SampleOptions.defaults().withDays(8).withApps(10, 20).withCountries(6).withCreatives(400))
            .generate(landing);
        return landing;
    }

    private static void assertTwins(Path landing, Path lake) throws Exception {
        CliRunner run = CliRunner.run("run", "--landing", landing.toString(), "--lake", lake.toString());
        assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        LakeCatalog.register(TestSpark.get(), new Lake(lake.toString()));
        Map<String, String> spark = new TreeMap<>();
        for (Row r : TestSpark.get().sql(DuckDbReference.resource("bench/totals.sql")).collectAsList()) {
            spark.put(r.getString(0), r.getString(1));
        }
        List<String> sparkQuarantine = new ArrayList<>();
        for (Row r : TestSpark.get().sql(QUARANTINE).collectAsList()) {
            sparkQuarantine.add(r.getString(0) + "," + r.getString(1) + "," + r.getString(2) + "," + r.getLong(3));
        }

        List<String> duckQuarantine = new ArrayList<>();
        DuckDbReference.Result duck = DuckDbReference.run(landing, "2", "1GB", null, null, c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(QUARANTINE)) {
                while (rs.next()) {
                    duckQuarantine.add(rs.getString(1) + "," + rs.getString(2) + "," + rs.getString(3) + ","
                        + rs.getLong(4));
                }
            }
        });

        assertTrue(spark.containsKey("gold.download_volume.revenue_usd"), spark.toString());
        assertEquals(spark, duck.totals());
        assertEquals(sparkQuarantine, duckQuarantine);
    }
}
