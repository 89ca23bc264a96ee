package io.dramalake.jobs.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dramalake.common.contract.Source;
import io.dramalake.common.lake.LandingZone.LandedFile;
import io.dramalake.jobs.TestSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How landed files are split into tasks, and a file that fails while being written is left out whole. */
class LandingReaderTest {

    @Test
    void aFileThatFailsMidWriteIsRetriedWithout(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.jsonl");
        Files.writeString(good, "{\"a\":1}\n{\"a\":2}\n", StandardCharsets.UTF_8);
        LocalDate day = LocalDate.parse("2025-03-02");
        // listed, then gone before it is read (as a file deleted or an object expired in between)
        List<LandedFile> files = List.of(
            new LandedFile(Source.APPS, day, "apps/dump_date=2025-03-02/gone.jsonl", dir.resolve("gone.jsonl").toUri().toString(), 10, 0),
            new LandedFile(Source.APPS, day, "apps/dump_date=2025-03-02/good.jsonl", good.toUri().toString(), 16, 0));
        List<List<String>> attempts = new ArrayList<>();
        LandingReader.Landed landed = LandingReader.land(TestSpark.get(), Source.APPS, files,
            new Timestamp(0), "run-1", rows -> {
                List<String> seen = new ArrayList<>();
                for (Row r : rows.collectAsList()) {
                    seen.add(r.getString(3) + ":" + r.getLong(2));
                }
                attempts.add(seen);
            });
        assertEquals(List.of(List.of("apps/dump_date=2025-03-02/good.jsonl:1", "apps/dump_date=2025-03-02/good.jsonl:2")),
            attempts, "the failed attempt wrote nothing; the retry wrote the good file only");
        assertEquals(2, landed.records());
        assertEquals(List.of(files.get(1)), landed.read());
        assertEquals(1, landed.unreadable().size());
        assertEquals(true, landed.unreadable().get(0).startsWith("apps/dump_date=2025-03-02/gone.jsonl: FileNotFoundException ("),
            landed.unreadable().get(0));
    }

    /**
     * 128 MiB a slice, by uncompressed estimate (a gzip counts eight times its size): 60 + 60 MiB
     * fit one slice, a third 60 MiB file starts the next, a 20 MiB gzip (160 MiB) has one of its
     * own, and the last file follows it into a new slice.
     */
    @Test
    void filesAreSlicedByTheirUncompressedSizeInOrder() {
        long mib = 1L << 20;
        List<LandedFile> files = List.of(file("a.csv", 60 * mib), file("b.csv", 60 * mib), file("c.csv", 60 * mib),
            file("d.csv.gz", 20 * mib), file("e.csv", 1 * mib));
        assertEquals(List.of(List.of("a.csv", "b.csv"), List.of("c.csv"), List.of("d.csv.gz"), List.of("e.csv")),
            names(LandingReader.slices(files, 1)));
    }

    /** A small batch is split into about as many slices as asked for (the cores' tasks), by size. */
    @Test
    void aSmallBatchIsSpreadOverTheLeastSlices() {
        List<LandedFile> files = List.of(file("a.csv", 100), file("b.csv", 100), file("c.csv", 100), file("d.csv", 100));
        assertEquals(List.of(List.of("a.csv", "b.csv"), List.of("c.csv", "d.csv")), names(LandingReader.slices(files, 2)));
        assertEquals(List.of(List.of("a.csv")), names(LandingReader.slices(files.subList(0, 1), 4)));
    }

    private static LandedFile file(String name, long bytes) {
        return new LandedFile(Source.APP_INTEL, LocalDate.parse("2025-03-02"), name, "file:///" + name, bytes, 0);
    }

    private static List<List<String>> names(List<List<LandedFile>> slices) {
        return slices.stream().map(s -> s.stream().map(LandedFile::relativePath).toList()).toList();
    }
}
