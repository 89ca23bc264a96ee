package io.dramalake.common.lake;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.delta.actions.CommitInfo;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.DataFrameWriter;
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
        writer(table, rows).mode(SaveMode.Append).partitionBy(partitionColumns).save(lake.path(table));
        committed(table);
    }

    /** Adds rows; columns an older table lacks are added to it (its older rows read them as null). */
    public void appendAddingColumns(LakeTable table, Dataset<Row> rows) {
        writer(table, rows).mode(SaveMode.Append).option("mergeSchema", "true").save(lake.path(table));
        committed(table);
    }

    /**
     * Appends the rows whose {@code key} is not in the table yet, in one commit: a MERGE that only
     * inserts. {@code targetFilter} (on partition columns) bounds what it looks up, and Delta fails
     * a concurrent commit that added rows to those partitions with a conflict instead of letting
     * both land. Columns an older table lacks are added (older rows read them as null). A table
     * that does not exist yet is created by a plain append. Returns the rows
     * inserted, or -1 when that is all of them (a new table).
     */
    public long appendAbsent(LakeTable table, Dataset<Row> rows, List<String> key, String targetFilter,
                             String... partitionColumns) {
        if (!exists(table)) {
            append(table, rows, partitionColumns);
            return -1;
        }
        DeltaTable target = DeltaTable.forPath(spark, lake.path(table));
        long before = version(table);
        withUserMetadata(() -> target.as("t").merge(rows.as("s"), on(key, targetFilter)).whenNotMatched().insertAll()
            .withSchemaEvolution().execute());
        long after = version(table);
        if (after == before) {
            return 0; // nothing to insert: Delta made no commit
        }
        committed(table);
        CommitInfo commit = commitInfo(table, after);
        String inserted = commit == null || commit.operationMetrics().isEmpty() ? null
            : commit.operationMetrics().get().get("numTargetRowsInserted").getOrElse(() -> null);
        return commit != null && runId.equals(commit.userMetadata().getOrElse(() -> null)) && inserted != null
            ? Long.parseLong(inserted) : -1;
    }

    /**
     * The commit information of one version, read from its log file on the driver: Delta's
     * {@code history()} runs a Spark job for what is one small file.
     */
    private CommitInfo commitInfo(LakeTable table, long version) {
        org.apache.spark.sql.delta.DeltaLog log = org.apache.spark.sql.delta.DeltaLog.forTable(spark, lake.path(table));
        scala.Option<CommitInfo> info;
        try {
            info = org.apache.spark.sql.delta.DeltaHistoryManager.getCommitInfoOpt(log.store(),
                org.apache.spark.sql.delta.util.FileNames.unsafeDeltaFile(log.logPath(), version), log.newDeltaHadoopConf());
        } catch (Exception e) {
            if (e instanceof java.io.FileNotFoundException) {
                return null; // cleaned up after a checkpoint: older than the log keeps
            }
            throw e;
        }
        return info.isDefined() ? info.get() : null; // Delta writes one into every commit
    }

    private String userMetadataOf(LakeTable table, long version) {
        CommitInfo info = commitInfo(table, version);
        return info == null ? null : info.userMetadata().getOrElse(() -> null);
    }

    /** Replaces the table's whole content (creating it on first write). */
    public void replace(LakeTable table, Dataset<Row> rows, String... partitionColumns) {
        writer(table, rows).mode(SaveMode.Overwrite).option("overwriteSchema", "true")
            .partitionBy(partitionColumns).save(lake.path(table));
        committed(table);
    }

    /**
     * A Delta writer tagged with the run; a table written for the first time gets its properties. A
     * table laid out by a column ({@link LakeTable#filesOrderedBy()}) is written sorted by it, in
     * files of at most {@link #ROWS_PER_ORDERED_FILE} rows (or the session's
     * {@code spark.sql.files.maxRecordsPerFile}, when set), so that each file holds one range.
     */
    private DataFrameWriter<Row> writer(LakeTable table, Dataset<Row> rows) {
        String order = table.filesOrderedBy();
        DataFrameWriter<Row> w = (order == null ? rows : rows.orderBy(org.apache.spark.sql.functions.col(order)))
            .write().format("delta").option("userMetadata", runId);
        if (order != null && spark.sessionState().conf().maxRecordsPerFile() <= 0) {
            w.option("maxRecordsPerFile", ROWS_PER_ORDERED_FILE);
        }
        table.properties().forEach(w::option);
        return w;
    }

    /** About 22 MiB of creatives (23 bytes a row at market scale): a daily MERGE rewrites a file or two of them. */
    public static final long ROWS_PER_ORDERED_FILE = 1_000_000;

    /**
     * Sets the table's declared properties where an older table lacks them (one commit, only then);
     * returns whether it had to.
     */
    public boolean ensureProperties(LakeTable table) {
        if (table.properties().isEmpty() || !exists(table)) {
            return false;
        }
        java.util.Map<String, String> current = new java.util.HashMap<>();
        spark.sql("SHOW TBLPROPERTIES delta.`" + lake.path(table) + "`").collectAsList()
            .forEach(r -> current.put(r.getString(0), r.getString(1)));
        String missing = table.properties().entrySet().stream()
            .filter(e -> !e.getValue().equals(current.get(e.getKey())))
            .map(e -> "'" + e.getKey() + "' = '" + e.getValue() + "'").collect(Collectors.joining(", "));
        if (missing.isEmpty()) {
            return false;
        }
        withUserMetadata(() -> spark.sql("ALTER TABLE delta.`" + lake.path(table) + "` SET TBLPROPERTIES ("
            + missing + ")"));
        committed(table);
        return true;
    }

    /**
     * The table's change feed from {@code fromVersion} to {@code toVersion} (both inclusive): rows
     * with {@code _change_type}, {@code _commit_version} and {@code _commit_timestamp}.
     */
    public Dataset<Row> changes(LakeTable table, long fromVersion, long toVersion) {
        return spark.read().format("delta").option("readChangeFeed", "true")
            .option("startingVersion", fromVersion).option("endingVersion", toVersion).load(lake.path(table));
    }

    /**
     * Upserts by key: a row whose key exists replaces it, the others are inserted. The caller has
     * already decided that each row should win. {@code targetFilter} (may be null) is an extra
     * condition on the target, e.g. on partition columns, so Delta reads only those files.
     */
    public void upsert(LakeTable table, Dataset<Row> rows, List<String> key, String targetFilter,
                       String... partitionColumns) {
        merge(table, rows, key, targetFilter, m -> m.whenMatched().updateAll().whenNotMatched().insertAll(),
            partitionColumns);
    }

    /**
     * Upserts by key where a matched row becomes a combination of the two: {@code onMatch} gives
     * each column's new value from {@code t.} (the table's row) and {@code s.} (the new row).
     */
    public void upsertCombining(LakeTable table, Dataset<Row> rows, List<String> key, String targetFilter,
                                java.util.Map<String, org.apache.spark.sql.Column> onMatch) {
        merge(table, rows, key, targetFilter, m -> m.whenMatched().update(onMatch).whenNotMatched().insertAll());
    }

    /**
     * {@code rows} in as many partitions as {@code rowCount} rows need (one per half million, at
     * most the shuffle partitions): a daily batch then merges and writes as one task and one file
     * instead of a task and a file per shuffle partition.
     */
    public Dataset<Row> sized(Dataset<Row> rows, long rowCount) {
        int most = spark.sessionState().conf().numShufflePartitions();
        return rows.coalesce((int) Math.max(1, Math.min(most, (rowCount + ROWS_PER_PARTITION - 1) / ROWS_PER_PARTITION)));
    }

    private static final long ROWS_PER_PARTITION = 500_000;

    /**
     * A MERGE target condition admitting only rows whose {@code column} is one of {@code keys}.
     * Delta filters the target with it before its join, so a batch of a few thousand keys shuffles
     * those rows rather than the whole table; the keys travel to the executors once, broadcast.
     */
    public String keyFilter(String column, java.util.Set<String> keys) {
        org.apache.spark.broadcast.Broadcast<java.util.Set<String>> shared =
            new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext()).broadcast(new java.util.HashSet<>(keys));
        String name = "dramalake_key_filter_" + Integer.toHexString(System.identityHashCode(shared));
        spark.udf().register(name, (org.apache.spark.sql.api.java.UDF1<String, Boolean>)
            k -> k != null && shared.value().contains(k), org.apache.spark.sql.types.DataTypes.BooleanType);
        // Registered, the function would keep the keys (and their broadcast) for the session's life.
        keyFilters.add(() -> {
            spark.sessionState().catalog().dropTempFunction(name, true);
            shared.destroy();
        });
        return name + "(t.`" + column + "`)";
    }

    /** Drops the key filters made so far: the MERGE that used them has run. */
    private void releaseKeyFilters() {
        keyFilters.forEach(Runnable::run);
        keyFilters.clear();
    }

    private final List<Runnable> keyFilters = new java.util.ArrayList<>();

    /** Inserts the rows whose key is not in the table yet; rows already present are left alone. */
    public void insertNew(LakeTable table, Dataset<Row> rows, List<String> key, String targetFilter,
                          String... partitionColumns) {
        merge(table, rows, key, targetFilter, m -> m.whenNotMatched().insertAll(), partitionColumns);
    }

    /** A MERGE by key with the given clauses; a table that does not exist yet is created from the rows. */
    private void merge(LakeTable table, Dataset<Row> rows, List<String> key, String targetFilter,
                       java.util.function.UnaryOperator<io.delta.tables.DeltaMergeBuilder> clauses,
                       String... partitionColumns) {
        if (!exists(table)) {
            // One file per partition value, as Delta's MERGE writes them later: otherwise every
            // task writes a small file into every partition (a year of days times the tasks).
            replace(table, partitionColumns.length == 0 ? rows
                : rows.repartition(java.util.Arrays.stream(partitionColumns).map(org.apache.spark.sql.functions::col)
                    .toArray(org.apache.spark.sql.Column[]::new)), partitionColumns);
            return;
        }
        try {
            withUserMetadata(() -> clauses.apply(DeltaTable.forPath(spark, lake.path(table)).as("t")
                .merge(rows.as("s"), on(key, targetFilter))).execute());
        } finally {
            releaseKeyFilters();
        }
        committed(table);
    }

    /** Replaces the rows matching {@code predicate} (a condition on partition columns) with {@code rows}. */
    public void replaceWhere(LakeTable table, Dataset<Row> rows, String predicate) {
        rows.write().format("delta").mode(SaveMode.Overwrite).option("replaceWhere", predicate)
            .option("userMetadata", runId).save(lake.path(table));
        committed(table);
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
        committed(table);
    }

    /** The run ID that tagged the table's latest commit (null when untagged). */
    public String lastCommitRun(LakeTable table) {
        return userMetadataOf(table, version(table));
    }

    /**
     * The run ID that tagged the table's latest commit that changed its rows, passing over
     * maintenance (OPTIMIZE, REORG, properties); null when untagged or not within the log's last
     * {@value #DATA_COMMIT_SEARCH} commits.
     */
    public String lastDataCommitRun(LakeTable table) {
        long latest = version(table);
        for (long v = latest; v >= 0 && v > latest - DATA_COMMIT_SEARCH; v--) {
            CommitInfo info = commitInfo(table, v);
            if (info == null) {
                return null;
            }
            if (!MAINTENANCE_OPERATIONS.contains(info.operation())) {
                return info.userMetadata().getOrElse(() -> null);
            }
        }
        return null;
    }

    private static final int DATA_COMMIT_SEARCH = 50;
    private static final java.util.Set<String> MAINTENANCE_OPERATIONS =
        java.util.Set.of("OPTIMIZE", "REORG", "SET TBLPROPERTIES", "VACUUM START", "VACUUM END");

    /**
     * The values of partition column {@code column} whose files the commits {@code fromVersion} to
     * {@code toVersion} added or removed with a data change (maintenance rewrites are passed over),
     * read from the log on the driver; empty when the log no longer has every one of those commits
     * or a file lacks its partition values.
     */
    public java.util.Optional<java.util.Set<String>> changedPartitions(LakeTable table, long fromVersion, long toVersion,
                                                                      String column) {
        java.util.Set<String> values = new java.util.TreeSet<>();
        if (fromVersion > toVersion) {
            return java.util.Optional.of(values);
        }
        org.apache.spark.sql.delta.DeltaLog log = org.apache.spark.sql.delta.DeltaLog.forTable(spark, lake.path(table));
        long expected = fromVersion;
        try {
            scala.collection.Iterator<scala.Tuple2<Object, scala.collection.Seq<org.apache.spark.sql.delta.actions.Action>>>
                commits = log.getChanges(fromVersion, true);
            while (commits.hasNext() && expected <= toVersion) {
                scala.Tuple2<Object, scala.collection.Seq<org.apache.spark.sql.delta.actions.Action>> commit = commits.next();
                if ((Long) commit._1() != expected) {
                    return java.util.Optional.empty();
                }
                expected++;
                scala.collection.Iterator<org.apache.spark.sql.delta.actions.Action> actions = commit._2().iterator();
                while (actions.hasNext()) {
                    if (actions.next() instanceof org.apache.spark.sql.delta.actions.FileAction file && file.dataChange()
                        && !(file instanceof org.apache.spark.sql.delta.actions.AddCDCFile)) {
                        if (file.partitionValues() == null || !file.partitionValues().contains(column)) {
                            return java.util.Optional.empty();
                        }
                        values.add(file.partitionValues().apply(column));
                    }
                }
            }
        } catch (Exception e) {
            if (e instanceof java.io.FileNotFoundException || e instanceof IllegalStateException
                || e instanceof org.apache.spark.sql.delta.DeltaAnalysisException) {
                return java.util.Optional.empty(); // the log was cleaned up past fromVersion
            }
            throw e;
        }
        return expected > toVersion ? java.util.Optional.of(values) : java.util.Optional.empty();
    }

    /** The table as it was at {@code version} (time travel). */
    public Dataset<Row> readVersion(LakeTable table, long version) {
        return spark.read().format("delta").option("versionAsOf", version).load(lake.path(table));
    }

    /** The run IDs that tagged the table's latest commits, newest first, by version (null when untagged). */
    public java.util.SortedMap<Long, String> recentCommitRuns(LakeTable table, int limit) {
        java.util.SortedMap<Long, String> runs = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
        long latest = version(table);
        for (long v = latest; v >= 0 && v > latest - limit; v--) {
            CommitInfo info = commitInfo(table, v);
            if (info == null) {
                break; // the log keeps no older commits
            }
            runs.put(v, info.userMetadata().getOrElse(() -> null));
        }
        return runs;
    }

    /**
     * Runs a maintenance statement on the table ({@code %s} stands for it, e.g. {@code OPTIMIZE %s});
     * a commit it makes carries the run's ID. Returns whether it made one (Delta skips a no-op).
     */
    public boolean maintenance(LakeTable table, String statement) {
        long before = version(table);
        withUserMetadata(() -> spark.sql(String.format(statement, "delta.`" + lake.path(table) + "`")).collect());
        if (version(table) == before) {
            return false;
        }
        committed(table);
        return true;
    }

    /** The table's latest Delta version, or -1 when it does not exist. */
    public long version(LakeTable table) {
        if (!exists(table)) {
            return -1;
        }
        return snapshot(table).version();
    }

    /** The bytes of the table's live files (0 when it does not exist). */
    public long sizeInBytes(LakeTable table) {
        if (!exists(table)) {
            return 0;
        }
        return snapshot(table).sizeInBytes();
    }

    /** The log's latest snapshot (cached per JVM, refreshed by a listing): no query, unlike history(). */
    private org.apache.spark.sql.delta.Snapshot snapshot(LakeTable table) {
        return org.apache.spark.sql.delta.DeltaLog.forTable(spark, lake.path(table))
            .update(false, scala.Option.empty(), scala.Option.empty());
    }

    private static String on(List<String> key, String targetFilter) {
        String match = key.stream().map(k -> "t.`" + k + "` = s.`" + k + "`").collect(Collectors.joining(" AND "));
        return targetFilter == null ? match : match + " AND (" + targetFilter + ")";
    }

    /**
     * Test hook, inert unless the system property {@value #PAUSE_AFTER_COMMIT} is set: then each
     * commit this run made (a write that changed nothing makes none) is reported on stderr, and the
     * process stops for good after its N-th, or with {@code each} after every commit until a line
     * arrives on stdin, so a test can copy the lake or {@code kill -9} it at exactly that boundary.
     */
    private void committed(LakeTable table) {
        String pauseAt = System.getProperty(PAUSE_AFTER_COMMIT);
        if (pauseAt == null) {
            return;
        }
        long lastVersion = version(table);
        if (!runId.equals(userMetadataOf(table, lastVersion)) || Long.valueOf(lastVersion).equals(COUNTED.put(table, lastVersion))) {
            return;
        }
        int n = COMMITS.incrementAndGet();
        System.err.println("dramalake.test: commit " + n + " " + table.qualifiedName());
        boolean each = pauseAt.trim().equals("each");
        if (each || n == Integer.parseInt(pauseAt.trim())) {
            System.err.println("dramalake.test: paused after commit " + n);
            try {
                if (each) {
                    new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8))
                        .readLine();
                } else {
                    Thread.sleep(Long.MAX_VALUE);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    public static final String PAUSE_AFTER_COMMIT = "dramalake.test.pauseAfterCommit";
    private static final java.util.concurrent.atomic.AtomicInteger COMMITS = new java.util.concurrent.atomic.AtomicInteger();
    private static final java.util.Map<LakeTable, Long> COUNTED = new java.util.concurrent.ConcurrentHashMap<>();

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
