package io.dramalake.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KillRecoveryIT compares tables it reads this way: the live files' rows, each value as text. */
class ParquetRowsTest {

    @Test
    void readsTheCurrentVersionsRowsWithPartitionValuesDatesTimestampsAndDecimals(@TempDir Path dir) throws Exception {
        SparkSession spark = TestSpark.get();
        String table = dir.resolve("t").toString();
        spark.sql("SELECT DATE'2025-03-01' AS month, 'ReelShort' AS name, CAST(12.5 AS DECIMAL(18,2)) AS small, "
                + "CAST(-0.07 AS DECIMAL(38,2)) AS large, TIMESTAMP'2025-03-02 01:00:00.123456' AS at, CAST(NULL AS INT) AS n, "
                + "named_struct('ios', '15', 'android', CAST(NULL AS STRING)) AS ids "
                + "UNION ALL SELECT DATE'2025-04-01', 'DramaBox', 1, 2, TIMESTAMP'2025-04-30 23:59:59', 7, "
                + "named_struct('ios', NULL, 'android', 'com.x')")
            .write().format("delta").partitionBy("month").save(table);
        // A second version replaces April's file: its old rows are no longer live.
        spark.sql("SELECT DATE'2025-04-01' AS month, 'ShortMax' AS name, CAST(3 AS DECIMAL(18,2)) AS small, "
                + "CAST(4 AS DECIMAL(38,2)) AS large, TIMESTAMP'2025-04-01 00:00:00' AS at, 1 AS n, "
                + "named_struct('ios', '9', 'android', 'com.y') AS ids")
            .write().format("delta").mode("overwrite").option("replaceWhere", "month = DATE'2025-04-01'").save(table);

        List<Map<String, String>> rows = ParquetRows.read(Path.of(table));
        List<String> sorted = rows.stream().map(r -> new TreeMap<>(r).toString()).sorted().toList();
        assertEquals(List.of(
            "{at=2025-03-02T01:00:00.123456Z, ids=ios: 15;, large=-0.07, month=2025-03-01, n=null, name=ReelShort, small=12.50}",
            "{at=2025-04-01T00:00:00Z, ids=ios: 9;android: com.y;, large=4.00, month=2025-04-01, n=1, name=ShortMax, small=3.00}"),
            sorted);
    }
}
