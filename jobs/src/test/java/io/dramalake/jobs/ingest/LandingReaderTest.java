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

/** A file that fails while its records are being written is left out whole, and the others land. */
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
}
