package io.dramalake.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dramalake.jobs.cli.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.internal.SQLConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator sees while a command runs: every Spark job named by stage, source and table
 * (grouped by run ID), progress lines on stderr, and no plan-truncation warning.
 */
class ProgressTest {

    @Test
    void everySparkJobIsDescribedAndProgressIsPrintedWhileACommandRuns(@TempDir Path dir) throws Exception {
        Path landing = dir.resolve("landing");
        String lake = dir.resolve("lake").toString();
        Fixture.writeDump1(landing);
        Path profile = dir.resolve("p.properties");
        Files.writeString(profile, "dramalake.progress-seconds=1\n");
        List<String> descriptions = new CopyOnWriteArrayList<>();
        List<String> groups = new CopyOnWriteArrayList<>();
        SparkListener listener = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart start) {
                descriptions.add(String.valueOf(start.properties().getProperty("spark.job.description")));
                groups.add(String.valueOf(start.properties().getProperty("spark.jobGroup.id")));
            }
        };
        TestSpark.get().sparkContext().addSparkListener(listener);
        CliRunner r;
        try {
            r = CliRunner.run("ingest", "--landing", landing.toString(), "--lake", lake, "--conf", profile.toString());
        } finally {
            TestSpark.get().sparkContext().removeSparkListener(listener);
        }
        assertEquals(ExitCode.OK, r.exitCode(), r.toString());
        String runId = r.err().split("\n")[0].replaceAll("^dramalake ingest: run (\\S+) on lake .*$", "$1");
        // The listener bus delivers asynchronously; the last jobs' events may still be on their way.
        Thread.sleep(500);
        for (String d : List.of("app_intel: 2 file(s) -> bronze.app_intel", "apps: 1 file(s) -> bronze.apps",
            "ad_creatives: 1 file(s) -> bronze.ad_creatives")) {
            // Delta's own jobs add to the description ("Delta: ...: Filtering files ...").
            String ours = "dramalake ingest " + d + " (run " + runId + ")";
            assertTrue(descriptions.stream().anyMatch(x -> x.contains(ours)), ours + " in " + descriptions);
        }
        assertTrue(groups.stream().filter(runId::equals).count() >= 3, groups.toString());
        List<String> progress = r.err().lines().filter(l -> l.startsWith("dramalake ingest: still running")).toList();
        assertTrue(!progress.isEmpty(), r.err());
        for (String line : progress) {
            assertTrue(line.matches("dramalake ingest: still running after \\d+m\\d\\ds: (starting|.*dramalake ingest.*"
                + " \\(run " + runId + "\\).*); \\d+ of \\d+ Spark task\\(s\\) done"), line);
        }
        // Plans of Delta's log and of wide rows are shown whole: Spark's truncation warning never fires.
        assertEquals(1000, SQLConf.get().maxToStringFields());
    }
}
