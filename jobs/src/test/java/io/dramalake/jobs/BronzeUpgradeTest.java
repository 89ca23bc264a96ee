package io.dramalake.jobs;

import static io.dramalake.jobs.LakeAssertions.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dramalake.common.lake.Lake;
import io.dramalake.common.lake.LakeTable;
import io.dramalake.jobs.cli.ExitCode;
import io.dramalake.jobs.ops.IngestedFiles;
import io.dramalake.jobs.sql.LakeCatalog;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A lake whose bronze was written before {@code read_defect} existed is validated and extended as is. */
class BronzeUpgradeTest {

    @Test
    void bronzeWithoutReadDefectIsValidatedAndGainsTheColumn(@TempDir Path dir) throws Exception {
        String lake = dir.resolve("lake").toString();
        Lake l = new Lake(lake);
        StructType old = new StructType().add("raw_record", DataTypes.StringType, false)
            .add("header", DataTypes.StringType, true).add("line_number", DataTypes.LongType, false)
            .add("source_file", DataTypes.StringType, false).add("dump_date", DataTypes.DateType, false)
            .add("ingested_at", DataTypes.TimestampType, false).add("run_id", DataTypes.StringType, false);
        String header = "date,store,app_id,unified_app_id,app_name,publisher_name,country,downloads,revenue_cents,as_of";
        String file = "app_intel/dump_date=2025-03-02/old.csv";
        Date dump = Date.valueOf("2025-03-02");
        Timestamp t = new Timestamp(0);
        TestSpark.get().createDataFrame(List.of(
                RowFactory.create("2025-03-01,ios,1,,Old,P,US,1,1,", header, 2L, file, dump, t, "old-run"),
                RowFactory.create("2025-03-01,ios,2,,Nul\u0000Old,P,US,1,1,", header, 3L, file, dump, t, "old-run")), old)
            .write().format("delta").partitionBy("dump_date").save(l.path(LakeTable.BRONZE_APP_INTEL));
        TestSpark.get().createDataFrame(List.of(RowFactory.create("app_intel", dump, file, 100L, t, "old-run", t)),
            IngestedFiles.SCHEMA).write().format("delta").save(l.path(LakeTable.OPS_INGESTED_FILES));

        CliRunner validate = CliRunner.run("validate", "--lake", lake);
        assertEquals(ExitCode.OK, validate.exitCode(), validate.toString());

        Path landing = dir.resolve("landing");
        Fixture.write(landing.resolve("app_intel/dump_date=2025-03-03/new.csv"),
            header + "\n2025-03-01,ios,3,,New,P,US,1,1,\n");
        CliRunner run = CliRunner.run("run", "--landing", landing.toString(), "--lake", lake);
        assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        LakeCatalog.register(TestSpark.get(), l);
        assertEquals(List.of("1,Old", "3,New"), rows("SELECT app_id, app_name FROM silver.app_intel_daily ORDER BY app_id"));
        // the old row's NUL is seen in its text, without the reader's word
        assertEquals(List.of("nul_byte,3"), rows("SELECT reason, line_number FROM silver.quarantine"));
        assertEquals(List.of("old.csv,null", "old.csv,null", "new.csv,null"), rows(
            "SELECT substring_index(source_file, '/', -1), read_defect FROM bronze.app_intel ORDER BY source_file, line_number"));
    }
}
