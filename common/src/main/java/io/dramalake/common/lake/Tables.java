package io.dramalake.common.lake;

import io.delta.tables.DeltaTable;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Every read and write of a lake table. Each write is exactly one Delta commit, tagged with the
 * run's ID in the commit's user metadata, so a run killed midway leaves the last good version.
 */
public final class Tables {

    private static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";

    private final SparkSession spark;
    private final Lake lake;
    private final String runId;

    public Tables(SparkSession spark, Lake lake, String runId) {
        this.spark = spark;
        this.lake = lake;
        this.runId = runId;
    }

    public Lake lake() {
        return lake;
    }

    public String runId() {
        return runId;
    }

    public boolean exists(LakeTable table) {
        return lake.exists(spark, table);
    }

    public Dataset<Row> read(LakeTable table) {
        return spark.read().format("delta").load(lake.path(table));
    }

    /** The table, or an empty frame of {@code schema} when it has never been written. */
    public Dataset<Row> readOrEmpty(LakeTable table, StructType schema) {
        return exists(table) ? read(table) : spark.createDataFrame(List.of(), schema);
    }

    /** Adds rows (creating the table on first write). */
    public void append(LakeTable table, Dataset<Row> rows, String... partitionColumns) {
        rows.write().format("delta").mode(SaveMode.Append).option("userMetadata", runId)
            .partitionBy(partitionColumns).save(lake.path(table));
    }

    /** Replaces the table's whole content (creating it on first write). */
    public void replace(LakeTable table, Dataset<Row> rows, String... partitionColumns) {
        rows.write().format("delta").mode(SaveMode.Overwrite).option("overwriteSchema", "true")
            .option("userMetadata", runId).partitionBy(partitionColumns).save(lake.path(table));
    }

    /**
     * Upserts by key: a row whose key exists replaces it, the others are inserted. The caller has
     * already decided that each row should win. {@code targetFilter} (may be null) is an extra
     * condition on the target, e.g. on partition columns, so Delta reads only those files.
     */
    public void upsert(LakeTable table, Dataset<Row> rows, List<String> key, String targetFilter,
                       String... partitionColumns) {
        if (!exists(table)) {
            replace(table, rows, partitionColumns);
            return;
        }
        withUserMetadata(() -> DeltaTable.forPath(spark, lake.path(table)).as("t")
            .merge(rows.as("s"), on(key, targetFilter))
            .whenMatched().updateAll()
            .whenNotMatched().insertAll()
            .execute());
    }

    /** Inserts the rows whose key is not in the table yet; rows already present are left alone. */
    public void insertNew(LakeTable table, Dataset<Row> rows, List<String> key, String targetFilter,
                          String... partitionColumns) {
        if (!exists(table)) {
            replace(table, rows, partitionColumns);
            return;
        }
        withUserMetadata(() -> DeltaTable.forPath(spark, lake.path(table)).as("t")
            .merge(rows.as("s"), on(key, targetFilter))
            .whenNotMatched().insertAll()
            .execute());
    }

    /** Replaces the rows matching {@code predicate} (a condition on partition columns) with {@code rows}. */
    public void replaceWhere(LakeTable table, Dataset<Row> rows, String predicate) {
        rows.write().format("delta").mode(SaveMode.Overwrite).option("replaceWhere", predicate)
            .option("userMetadata", runId).save(lake.path(table));
    }

    /**
     * Makes the table agree with {@code rows} by key: matching rows are updated, new ones inserted,
     * and rows matching {@code scope} that {@code rows} no longer has are deleted — one commit.
     */
    public void sync(LakeTable table, Dataset<Row> rows, List<String> key, String scope) {
        withUserMetadata(() -> DeltaTable.forPath(spark, lake.path(table)).as("t")
            .merge(rows.as("s"), on(key, null))
            .whenMatched().updateAll()
            .whenNotMatched().insertAll()
            .whenNotMatchedBySource(scope).delete()
            .execute());
    }

    /** The table's latest Delta version, or -1 when it does not exist. */
    public long version(LakeTable table) {
        if (!exists(table)) {
            return -1;
        }
        return DeltaTable.forPath(spark, lake.path(table)).history(1).select("version").first().getLong(0);
    }

    private static String on(List<String> key, String targetFilter) {
        String match = key.stream().map(k -> "t.`" + k + "` = s.`" + k + "`").collect(Collectors.joining(" AND "));
        return targetFilter == null ? match : match + " AND (" + targetFilter + ")";
    }

    private void withUserMetadata(Runnable write) {
        String previous = spark.conf().getOption(USER_METADATA).getOrElse(() -> null);
        spark.conf().set(USER_METADATA, runId);
        try {
            write.run();
        } finally {
            if (previous == null) {
                spark.conf().unset(USER_METADATA);
            } else {
                spark.conf().set(USER_METADATA, previous);
            }
        }
    }
}
