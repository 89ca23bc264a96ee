package io.dramalake.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dramalake.common.lake.Lake;
import io.dramalake.common.lake.LakeTable;
import io.dramalake.common.lake.Tables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * silver.ad_creatives is written in last_seen order, one range per file: five creatives in files
 * of two (the session's maxRecordsPerFile standing in for a million) make three files whose
 * last_seen ranges follow each other.
 */
class OrderedFilesTest {

    @Test
    void creativesAreWrittenInLastSeenRangesOneRangePerFile(@TempDir Path dir) throws Exception {
        SparkSession spark = TestSpark.get();
        LakeTable table = LakeTable.SILVER_AD_CREATIVES;
        assertEquals("last_seen", table.filesOrderedBy());
        Lake lake = new Lake(dir.toString());
        spark.conf().set("spark.sql.files.maxRecordsPerFile", "2");
        try {
            new Tables(spark, lake, "r1").replace(table, spark.sql("SELECT c AS creative_id, "
                + "CAST('2025-01-01' AS DATE) AS first_seen, CAST(l AS DATE) AS last_seen FROM VALUES "
                + "('c1', '2025-01-05'), ('c2', '2025-01-01'), ('c3', '2025-01-04'), ('c4', '2025-01-02'), "
                + "('c5', '2025-01-03') AS v(c, l)"));
        } finally {
            spark.conf().unset("spark.sql.files.maxRecordsPerFile");
        }

        ObjectMapper json = new ObjectMapper();
        List<String> ranges = new ArrayList<>();
        for (Row r : DeltaLog.forTable(spark, lake.path(table)).update(false, scala.Option.empty(), scala.Option.empty())
            .allFiles().toDF().select("stats").collectAsList()) {
            JsonNode stats = json.readTree(r.getString(0));
            ranges.add(stats.at("/minValues/last_seen").asText() + ".." + stats.at("/maxValues/last_seen").asText()
                + " " + stats.get("numRecords").asLong());
        }
        ranges.sort(null);
        assertEquals(List.of("2025-01-01..2025-01-02 2", "2025-01-03..2025-01-04 2", "2025-01-05..2025-01-05 1"),
            ranges);
    }
}
