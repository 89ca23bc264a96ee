package io.dramalake.jobs;

import io.dramalake.common.lake.Lake;
import io.dramalake.common.lake.LakeTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * What an analyst must not be able to do through {@code sql} or {@code serve-sql}: every statement
 * with the exact refusal it gets, and a snapshot of the lake to prove nothing changed.
 */
public final class ReadOnlyCases {

    private ReadOnlyCases() {
    }

    /** A statement and the refusal's text after {@code refused: }. */
    public record Case(String statement, String refusal) {
    }

    private static Case write(String sql) {
        return new Case(sql, "the lake is read-only here (" + sql + "); writes go through the jobs");
    }

    private static Case byPath(String sql) {
        return new Case(sql, "reading by path is not allowed here (" + sql
            + "); query the lake's tables by name, e.g. gold.download_volume");
    }

    private static Case setting(String key, String sql) {
        return new Case(sql, "setting " + key + " is not allowed here (" + sql + "); only spark.sql.session.timeZone, "
            + "spark.sql.ansi.enabled, spark.sql.shuffle.partitions, spark.sql.datetime.java8API.enabled may be SET");
    }

    private static Case java(String sql) {
        return new Case(sql, "reflect and java_method call Java methods and are not allowed here (" + sql + ")");
    }

    /**
     * Files outside the lake that a refused statement would read or write: a Delta table, a
     * Parquet folder and a text file. Returns the folder holding them.
     */
    public static Path writeOutside(Path dir) throws IOException {
        Path outside = Files.createDirectories(dir.resolve("out"));
        TestSpark.get().range(2).write().format("delta").save(outside.resolve("d").toString());
        TestSpark.get().range(2).write().parquet(outside.resolve("p").toString());
        Files.writeString(outside.resolve("t.csv"), "secret,1\n", StandardCharsets.UTF_8);
        return outside;
    }

    /** Every refused case; {@code outside} from {@link #writeOutside}. */
    public static List<Case> refused(String lake, Path outside) {
        String d = outside.resolve("d").toString();
        String p = outside.resolve("p").toString();
        String t = outside.resolve("t.csv").toString();
        List<Case> cases = new ArrayList<>(List.of(
            write("INSERT INTO gold.download_volume SELECT * FROM gold.download_volume"),
            write("INSERT OVERWRITE DIRECTORY '" + outside.resolve("dir") + "' USING csv SELECT 1"),
            write("UPDATE silver.apps SET origin_country = 'US'"),
            write("DELETE FROM gold.download_volume WHERE country = 'US'"),
            write("MERGE INTO gold.iap_share_by_origin t USING gold.iap_share_by_origin s "
                + "ON t.share = s.share WHEN MATCHED THEN DELETE"),
            write("DROP TABLE gold.download_volume"),
            write("DROP DATABASE gold CASCADE"),
            write("CREATE TABLE gold.x (a INT) USING delta LOCATION '" + outside.resolve("x") + "'"),
            write("CREATE TABLE gold.c AS SELECT * FROM gold.download_volume"),
            write("CREATE VIEW gold.v AS SELECT 1 AS a"),
            write("CREATE TEMPORARY VIEW v USING csv OPTIONS (path '" + t + "')"),
            write("CREATE FUNCTION gold.f AS 'java.lang.String'"),
            write("CREATE DATABASE scratch"),
            write("ALTER TABLE gold.download_volume SET TBLPROPERTIES ('delta.appendOnly' = 'true')"),
            write("ALTER TABLE silver.apps ADD COLUMNS (note STRING)"),
            write("TRUNCATE TABLE gold.download_volume"),
            write("LOAD DATA LOCAL INPATH '" + t + "' INTO TABLE gold.download_volume"),
            write("ADD JAR '" + outside.resolve("x.jar") + "'"),
            write("ADD FILE '" + t + "'"),
            write("OPTIMIZE gold.download_volume"),
            write("VACUUM gold.download_volume"),
            write("RESTORE TABLE gold.download_volume TO VERSION AS OF 0"),
            write("CONVERT TO DELTA parquet.`" + p + "`"),
            write("GENERATE symlink_format_manifest FOR TABLE gold.download_volume"),
            write("REORG TABLE silver.ad_creatives APPLY (PURGE)"),
            write("CACHE TABLE gold.download_volume"),
            write("UNCACHE TABLE gold.download_volume"),
            write("CLEAR CACHE"),
            write("ANALYZE TABLE gold.download_volume COMPUTE STATISTICS"),
            write("RESET"),
            write("EXPLAIN DELETE FROM gold.download_volume"),
            setting("spark.hadoop.fs.s3a.secret.key", "SET spark.hadoop.fs.s3a.secret.key=guess"),
            setting("spark.sql.runSQLOnFiles", "SET spark.sql.runSQLOnFiles=true"),
            java("SELECT reflect('java.lang.System', 'exit', 3)"),
            java("SELECT java_method('java.lang.System', 'getProperty', 'user.home')"),
            byPath("SELECT * FROM delta.`" + d + "`"),
            byPath("SELECT * FROM parquet.`" + p + "`"),
            byPath("SELECT * FROM csv.`" + t + "`"),
            byPath("SELECT * FROM text.`" + t + "`"),
            byPath("SELECT count(*) FROM gold.download_volume WHERE app_key IN (SELECT value FROM text.`" + t + "`)"),
            byPath("SELECT * FROM delta.`" + new Lake(lake).path(LakeTable.GOLD_DOWNLOAD_VOLUME) + "`"),
            byPath("DESCRIBE HISTORY '" + d + "'"),
            byPath("DESCRIBE DETAIL delta.`" + d + "`")));
        return cases;
    }

    /** Statements that must keep working (queries, DESCRIBE, SHOW, EXPLAIN, time travel, harmless SET). */
    public static final List<String> ALLOWED = List.of(
        "SELECT count(*) FROM gold.download_volume",
        "WITH m AS (SELECT month, sum(downloads) AS d FROM gold.download_volume GROUP BY month) SELECT max(d) FROM m",
        "SELECT count(*) FROM gold.download_volume VERSION AS OF 0",
        "DESCRIBE HISTORY gold.download_volume",
        "DESCRIBE DETAIL gold.download_volume",
        "DESCRIBE gold.download_volume",
        "SHOW TABLES IN gold",
        "SHOW DATABASES",
        "EXPLAIN SELECT * FROM gold.download_volume",
        "SET spark.sql.session.timeZone = UTC",
        "SET spark.sql.shuffle.partitions",
        "SELECT * FROM range(2)");

    /** Each lake table's latest Delta version, row count and a checksum of its rows. */
    public static Map<String, String> snapshot(String lakeRoot) {
        Lake lake = new Lake(lakeRoot);
        Map<String, String> out = new LinkedHashMap<>();
        for (LakeTable t : LakeTable.all()) {
            if (!lake.exists(TestSpark.get(), t)) {
                out.put(t.qualifiedName(), "absent");
                continue;
            }
            String path = lake.path(t);
            long version = TestSpark.get().sql("DESCRIBE HISTORY delta.`" + path + "`").first().getLong(0);
            Row r = TestSpark.get().read().format("delta").load(path)
                .selectExpr("count(*)", "coalesce(sum(cast(hash(*) AS BIGINT)), 0)").first();
            out.put(t.qualifiedName(), "version " + version + ", " + r.getLong(0) + " rows, checksum " + r.getLong(1));
        }
        return out;
    }
}
