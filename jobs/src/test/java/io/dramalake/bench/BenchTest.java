package io.dramalake.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark driver's reading of a run's result file and GC log, and its table layout. */
class BenchTest {

    @Test
    void optionsTakeValuesFlagsAreTrueAndAnUnknownOptionIsRefused() {
        assertEquals(Map.of("--days", "40", "--skip-duckdb-reference", "true"),
            Args.parse(new String[] {"--days", "40", "--skip-duckdb-reference"}, List.of("--days"),
                List.of("--skip-duckdb-reference")));
        assertEquals("unknown option: --skip-duckbd", assertThrows(IllegalArgumentException.class,
            () -> Args.parse(new String[] {"--skip-duckbd"}, List.of("--days"), List.of("--skip-duckdb"))).getMessage());
        assertEquals("--days needs a value", assertThrows(IllegalArgumentException.class,
            () -> Args.parse(new String[] {"--days"}, List.of("--days"), List.of())).getMessage());
    }

    @Test
    void readsStageTimesHeapAndRecordsFromTheResultFile() throws Exception {
        SparkRuns.SparkRun r = SparkRuns.fromResult("backfill", 80.0, """
            {"command": "run", "exit_code": 0, "status": "succeeded", "stages": [
              {"name": "ingest", "seconds": 12.3, "files": 211, "rows": {"read": 328944}},
              {"name": "validate", "seconds": 45.6, "files": 211, "rows": {"read": 328940, "accepted": 100}},
              {"name": "curate", "seconds": 7.8, "published": true},
              {"name": "total", "seconds": 65.7, "driver_heap_peak_mib": 1234,
               "spark_jobs": {"jobs": 55, "sql_executions": 50, "delta_file_scans": 9}}]}
            """, new SparkRuns.GcPeaks(999L, 321L));
        assertEquals(Map.of("ingest", 12.3, "validate", 45.6, "curate", 7.8, "total", 65.7), r.stageSeconds());
        assertEquals(1234L, r.heap());
        assertEquals(328944L, r.recordsIngested());
        assertEquals(328940L, r.recordsValidated());
        assertEquals(55L, r.sparkJobs());
        assertEquals(65.7, r.seconds());
    }

    @Test
    void gcLogPeaksAreTheLargestOccupanciesBeforeAndAfterACollection(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("gc.log");
        Files.writeString(log, """
            [0.010s][info][gc] Using G1
            [1.234s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 204M->31M(4096M) 12.345ms
            [5.678s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 1530M->402M(4096M) 40.1ms
            [9.000s][info][gc] GC(2) Pause Full (System.gc()) 700M->350M(4096M) 80.0ms
            """);
        assertEquals(new SparkRuns.GcPeaks(1530L, 402L), SparkRuns.gcPeaks(log));
        assertNull(SparkRuns.gcPeaks(dir.resolve("missing.log")));
    }

    @Test
    void csvTotalsSkipTheHeader() {
        assertEquals(Map.of("a", "1", "b.c", "2.50"), SparkRuns.parseCsvTotals("figure,value\na,1\nb.c,2.50\n"));
    }

    @Test
    void tableColumnsAreAligned() {
        String table = BenchTable.render(List.of(
            new BenchTable.Row("backfill: total wall", "65.7 s", "< 600.0 s", 0.1095, true),
            new BenchTable.Row("downloads", "123456789", "", null, null)));
        assertEquals("""
            figure                    value  target     ratio  pass
            --------------------  ---------  ---------  -----  ----
            backfill: total wall     65.7 s  < 600.0 s   0.11  pass
            downloads             123456789
            """, table);
    }
}
