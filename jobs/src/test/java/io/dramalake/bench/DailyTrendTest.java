package io.dramalake.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daily benchmark's arithmetic (windows, medians, p95, ratios) and its reading of a Delta log; no Spark. */
class DailyTrendTest {

    @Test
    void medianIsTheMiddleOrTheMeanOfTheTwoMiddleValues() {
        assertEquals(2.0, DailyTrend.median(List.of(3.0, 1.0, 2.0)));
        assertEquals(2.5, DailyTrend.median(List.of(4.0, 1.0, 3.0, 2.0)));
    }

    @Test
    void p95IsTheNearestRank() {
        // 20 values: rank ceil(19.0) = 19; 21 values: rank ceil(19.95) = 20; one value: itself.
        assertEquals(19.0, DailyTrend.p95(days(1, 20)));
        assertEquals(20.0, DailyTrend.p95(days(1, 21)));
        assertEquals(7.0, DailyTrend.p95(List.of(7.0)));
    }

    @Test
    void sixtyFiveDaysGiveThreeWindowsAndTheirRatios() {
        // Day i took i seconds.
        DailyTrend.Trend t = DailyTrend.of(days(1, 65));
        // Days 1-30: median (15 + 16) / 2, p95 the 29th of 30.
        assertEquals(new DailyTrend.Window("days 1-30", 1, 30, 15.5, 29.0), t.first());
        assertEquals(new DailyTrend.Window("days 31-60", 31, 60, 45.5, 59.0), t.middle());
        assertEquals(new DailyTrend.Window("days 36-65 (last 30)", 36, 65, 50.5, 64.0), t.last());
        assertEquals(45.5 / 15.5, t.middleMedianRatio(), 1e-12);
        assertEquals(59.0 / 29.0, t.middleP95Ratio(), 1e-12);
        assertEquals(50.5 / 15.5, t.lastMedianRatio(), 1e-12);
        assertEquals(64.0 / 29.0, t.lastP95Ratio(), 1e-12);
    }

    @Test
    void threeDaysHaveNoMiddleWindowAndTheLastIsTheFirst() {
        DailyTrend.Trend t = DailyTrend.of(List.of(40.0, 10.0, 20.0));
        assertEquals(new DailyTrend.Window("days 1-3", 1, 3, 20.0, 40.0), t.first());
        assertEquals(0, t.middle().days());
        assertNull(t.middle().median());
        assertNull(t.middleMedianRatio());
        assertEquals(1.0, t.lastMedianRatio());
        assertEquals("""
            wall:
              days 1-3                  median    20.0 s  p95    40.0 s
              days 31-60                (no days)
              days 1-3 (last 30)        median    20.0 s  p95    40.0 s
              days 31-60 / days 1-30:   median n/a  p95 n/a
              last 30 / days 1-30:      median 1.00 x  p95 1.00 x
            """, DailyTrend.render("wall", t));
    }

    @Test
    void liveFilesReplayTheLogAndDiskFilesIncludeRemovedOnes(@TempDir Path dir) throws Exception {
        Path table = dir.resolve("silver/apps");
        Path log = Files.createDirectories(table.resolve("_delta_log"));
        Files.writeString(log.resolve("00000000000000000000.json"), """
            {"commitInfo":{"operation":"WRITE"}}
            {"add":{"path":"a.parquet","size":10}}
            {"add":{"path":"b.parquet","size":20}}
            """);
        Files.writeString(log.resolve("00000000000000000001.json"), """
            {"add":{"path":"c.parquet","size":5}}
            {"remove":{"path":"a.parquet"}}
            """);
        // A deletion-vector update: the same path removed and added again in one commit.
        Files.writeString(log.resolve("00000000000000000002.json"), """
            {"add":{"path":"b.parquet","size":20,"deletionVector":{"storageType":"u"}}}
            {"remove":{"path":"b.parquet"}}
            """);
        Files.writeString(log.resolve("00000000000000000002.checkpoint.parquet"), "x");
        Files.writeString(table.resolve("a.parquet"), "1234567890");
        Files.writeString(table.resolve("b.parquet"), "12345678901234567890");
        Files.writeString(table.resolve("c.parquet"), "12345");
        Files.writeString(table.resolve(".c.parquet.crc"), "crc");
        // A table whose log was cleaned up to version 5: live figures unknown.
        Path old = Files.createDirectories(dir.resolve("gold/old/_delta_log"));
        Files.writeString(old.resolve("00000000000000000005.json"), "{\"add\":{\"path\":\"x\",\"size\":1}}\n");
        Files.createDirectories(dir.resolve("gold/not_a_table"));

        assertEquals(Map.of("silver.apps", new DailyLakeStats.Table(2L, 25L, 3, 35, 3),
            "gold.old", new DailyLakeStats.Table(null, null, 0, 0, 1)), DailyLakeStats.of(dir));
    }

    private static List<Double> days(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> (double) i).toList();
    }
}
