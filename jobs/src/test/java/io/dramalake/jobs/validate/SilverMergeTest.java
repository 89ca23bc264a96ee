package io.dramalake.jobs.validate;

import static io.dramalake.jobs.Frames.at;
import static io.dramalake.jobs.Frames.day;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dramalake.common.contract.Source;
import io.dramalake.common.lake.Lake;
import io.dramalake.jobs.Frames;
import io.dramalake.jobs.RunContext;
import io.dramalake.jobs.TestSpark;
import io.dramalake.jobs.ops.RowAccounting.Entry;
import io.dramalake.jobs.ops.ValidatedFiles;
import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sections 3.2 and 2 on two small batches of apps merged into a new lake: who wins, and the counts. */
class SilverMergeTest {

    static final String A = "a".repeat(24);
    static final String B = "b".repeat(24);

    /** Valid conformed records, as validate hands them over: silver's columns but the run's ID. */
    static Dataset<Row> batch(String file, Date dump, Object[]... rows) {
        StructType schema = DataTypes.createStructType(Arrays.stream(Silver.schema(Source.APPS).fields())
            .filter(f -> !f.name().equals(Silver.RUN_ID)).toList());
        List<Object[]> values = new ArrayList<>();
        for (Object[] r : rows) {
            values.add(new Object[] {r[0], r[1], r[2], dump, file, r[3]});
        }
        return Frames.of(schema, List.of("unified_app_id", "app_name", "as_of", "dump_date", "source_file", "line_number"),
            values);
    }

    static List<String> accounting(List<Entry> entries) {
        return entries.stream().map(e -> e.dumpDate() + " " + e.metric() + "=" + e.rows()).sorted().toList();
    }

    @Test
    void theNewestRecordPerKeyWinsAndEveryRecordIsCounted(@TempDir Path dir) {
        Lake lake = new Lake(dir.resolve("lake").toString());
        Date d1 = day("2025-01-01");
        Date d2 = day("2025-01-02");

        // Run 1 creates the table: A twice (the later as_of wins), B once; 3 read, 2 accepted, 1 superseded.
        RunContext run1 = RunContext.start(TestSpark.get(), lake);
        String f1 = "apps/dump_date=2025-01-01/a.jsonl";
        List<Entry> first = new SilverMerge(run1, Source.APPS, Interrupted.find(run1), new Object[] {f1})
            .merge(batch(f1, d1,
                new Object[] {A, "A old", at("2025-01-01"), 1L},
                new Object[] {A, "A new", at("2025-01-02"), 2L},
                new Object[] {B, "B old", at("2025-01-01"), 3L}), Map.of(d1, 3L));
        assertEquals(List.of("2025-01-01 accepted=2", "2025-01-01 superseded=1"), accounting(first));
        ValidatedFiles.append(run1, List.of(RowFactory.create("apps", d1, f1)));

        // Run 2: an A older than silver's loses (superseded); a newer B replaces run 1's (displaced under d1).
        RunContext run2 = RunContext.start(TestSpark.get(), lake);
        String f2 = "apps/dump_date=2025-01-02/a.jsonl";
        List<Entry> second = new SilverMerge(run2, Source.APPS, Interrupted.find(run2), new Object[] {f2})
            .merge(batch(f2, d2,
                new Object[] {A, "A older", at("2024-12-31"), 1L},
                new Object[] {B, "B new", at("2025-01-02"), 2L}), Map.of(d2, 2L));
        assertEquals(List.of("2025-01-01 displaced=1", "2025-01-02 accepted=1", "2025-01-02 superseded=1"),
            accounting(second));

        Dataset<Row> silver = run2.tables().read(Silver.table(Source.APPS)).select("unified_app_id", "app_name", "line_number", "run_id");
        assertEquals(List.of(A + "|A new|2|" + run1.runId(), B + "|B new|2|" + run2.runId()),
            Frames.lines(silver, "unified_app_id"));
    }
}
