package io.dramalake.jobs;

import static io.dramalake.jobs.LakeAssertions.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dramalake.common.lake.Lake;
import io.dramalake.common.spark.JobCounter;
import io.dramalake.jobs.cli.ExitCode;
import io.dramalake.jobs.sql.LakeCatalog;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DAG's three tasks for the second dump (a restatement and a change of origin): `curate` on
 * its own finds what `ingest` and `validate` changed in silver since gold was built, updates only
 * that, and gives the figures of a full rebuild (those {@link PipelineEndToEndTest} checks for `run`).
 */
class CurateAloneTest {

    @Test
    void curateAloneUpdatesOnlyWhatChangedAndEqualsAFullRebuild(@TempDir Path dir) throws Exception {
        String lake = secondDumpInSilver(dir);
        CliRunner curate = counted("curate", "--lake", lake);
        assertEquals(ExitCode.OK, curate.exitCode(), curate.toString());
        LakeCatalog.register(TestSpark.get(), new Lake(lake));
        // Incremental: the months the second dump touched were merged, not the table overwritten.
        assertEquals("MERGE", lastOperation());
        assertEquals(FixtureGold.DOWNLOAD_VOLUME, rows(FixtureGold.DOWNLOAD_VOLUME_QUERY));
        assertEquals(FixtureGold.IAP_SHARE, rows(FixtureGold.IAP_SHARE_QUERY));
        assertEquals(FixtureGold.AD_MATERIAL_COUNTS, rows(FixtureGold.AD_MATERIAL_QUERY));
        assertEquals(List.of("6240,10800.49"), rows("SELECT sum(downloads), sum(revenue_usd) FROM gold.download_volume"));

        // Nothing changed since: a second `curate` has nothing to do.
        CliRunner again = counted("curate", "--lake", lake);
        assertEquals(ExitCode.OK, again.exitCode(), again.toString());
        assertTrue(again.out().contains("curate: gold is up to date"), again.out());
        assertEquals("MERGE", lastOperation());
    }

    /**
     * With the default threshold the fixture's silver (a few KiB) is under it: `curate` rebuilds
     * gold (an overwrite, not a MERGE), says so in its result, and gives the same figures. The test
     * JVM otherwise sets the threshold to 0, so that every other test takes the update path.
     */
    @Test
    void onASmallLakeCurateRebuildsGoldWithTheSameFigures(@TempDir Path dir) throws Exception {
        String lake = secondDumpInSilver(dir);
        Path json = dir.resolve("curate.json");
        String setting = io.dramalake.jobs.curate.CurateJob.REBUILD_BELOW_MIB;
        assertEquals("0", TestSpark.get().conf().get(setting));
        TestSpark.get().conf().unset(setting);
        CliRunner curate;
        try {
            curate = CliRunner.run("curate", "--lake", lake, "--result-json", json.toString());
        } finally {
            TestSpark.get().conf().set(setting, "0");
        }
        assertEquals(ExitCode.OK, curate.exitCode(), curate.toString());
        assertEquals("rebuilt", new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile())
            .at("/stages/0/gold").asText());
        LakeCatalog.register(TestSpark.get(), new Lake(lake));
        assertEquals("WRITE", lastOperation());
        assertEquals(FixtureGold.DOWNLOAD_VOLUME, rows(FixtureGold.DOWNLOAD_VOLUME_QUERY));
        assertEquals(FixtureGold.IAP_SHARE, rows(FixtureGold.IAP_SHARE_QUERY));
        assertEquals(FixtureGold.AD_MATERIAL_COUNTS, rows(FixtureGold.AD_MATERIAL_QUERY));
    }

    /** The first dump run, the second ingested and validated (the DAG's first two tasks): the lake's path. */
    private static String secondDumpInSilver(Path dir) throws Exception {
        Path landing = dir.resolve("landing");
        String lake = dir.resolve("lake").toString();
        Fixture.landBothDumpsAndRunTheFirst(landing, lake);
        for (String[] task : List.of(new String[] {"ingest", "--landing", landing.toString(), "--lake", lake},
            new String[] {"validate", "--lake", lake})) {
            CliRunner r = counted(task);
            assertEquals(ExitCode.OK, r.exitCode(), r.toString());
        }
        return lake;
    }

    private static String lastOperation() {
        return TestSpark.get().sql("DESCRIBE HISTORY gold.download_volume").orderBy(
            org.apache.spark.sql.functions.col("version").desc()).select("operation").first().getString(0);
    }

    /** Runs a command and prints its Spark work (the DAG's one task against three: docs/production.md). */
    private static CliRunner counted(String... args) {
        long start = System.nanoTime();
        try (JobCounter counter = JobCounter.start(TestSpark.get())) {
            CliRunner r = counter.stage(args[0], () -> CliRunner.run(args));
            System.out.printf(java.util.Locale.ROOT, "%s: %.1f s, %s%n", args[0], (System.nanoTime() - start) / 1e9,
                JobCounter.line(counter.counts()));
            if (args[0].equals("validate")) {
                // The profile names where in our code each SQL execution started.
                assertTrue(counter.profile().stream().anyMatch(l -> l.matches(
                    "\\d+  validate \\| SQL execution at io\\.dramalake\\.jobs\\.validate\\.ValidateJob\\..*")),
                    String.join("\n", counter.profile()));
            }
            return r;
        }
    }
}
