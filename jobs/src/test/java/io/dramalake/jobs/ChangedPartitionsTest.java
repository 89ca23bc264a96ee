package io.dramalake.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dramalake.common.lake.Lake;
import io.dramalake.common.lake.LakeTable;
import io.dramalake.common.lake.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The days a table's commits changed, read from its log: version 0 lands 1 and 2 January, 1 and 2
 * land 3 January (a file each), 3 replaces 1 January, 4 compacts 3 January (no data change).
 */
class ChangedPartitionsTest {

    private static final LakeTable TABLE = LakeTable.SILVER_APP_INTEL_DAILY;

    @Test
    void theDaysOfTheCommitsFilesAndNoneForMaintenanceOrALostLog(@TempDir Path dir) throws Exception {
        SparkSession spark = TestSpark.get();
        Tables tables = new Tables(spark, new Lake(dir.toString()), "r1");
        tables.append(TABLE, days(spark, "2025-01-01", "2025-01-02"), "date");
        tables.append(TABLE, days(spark, "2025-01-03"), "date");
        tables.append(TABLE, days(spark, "2025-01-03"), "date");
        tables.replaceWhere(TABLE, days(spark, "2025-01-01"), "date = DATE'2025-01-01'");
        tables.maintenance(TABLE, "OPTIMIZE %s");
        assertEquals(4, tables.version(TABLE));

        assertEquals(Optional.of(Set.of("2025-01-01", "2025-01-02")), tables.changedPartitions(TABLE, 0, 0, "date"));
        assertEquals(Optional.of(Set.of("2025-01-01", "2025-01-03")), tables.changedPartitions(TABLE, 1, 4, "date"));
        assertEquals(Optional.of(Set.of("2025-01-01")), tables.changedPartitions(TABLE, 3, 4, "date"));
        assertEquals(Optional.of(Set.of()), tables.changedPartitions(TABLE, 4, 4, "date"));
        assertEquals(Optional.of(Set.of()), tables.changedPartitions(TABLE, 5, 4, "date"));
        // A column the table is not partitioned by cannot be told from the log.
        assertEquals(Optional.empty(), tables.changedPartitions(TABLE, 0, 0, "store"));

        // The log no longer has version 1 (cleaned up after a checkpoint): unknown, not "nothing".
        Files.delete(dir.resolve("silver/app_intel_daily/_delta_log/00000000000000000001.json"));
        assertEquals(Optional.empty(), tables.changedPartitions(TABLE, 1, 4, "date"));
    }

    private static Dataset<Row> days(SparkSession spark, String... days) {
        return spark.sql("SELECT CAST(d AS DATE) AS date, 'ios' AS store, '1' AS app_id, 'US' AS country "
            + "FROM VALUES " + String.join(", ", java.util.Arrays.stream(days).map(d -> "('" + d + "')").toList())
            + " AS v(d)");
    }
}
