package io.dramalake.jobs.curate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import io.dramalake.common.contract.Source;
import io.dramalake.common.lake.LakeTable;
import io.dramalake.common.quality.ConstraintOutcome;
import io.dramalake.common.quality.LakeChecks;
import io.dramalake.jobs.RunContext;
import io.dramalake.jobs.cli.CommonOptions;
import io.dramalake.jobs.ops.QualityRecord;
import io.dramalake.jobs.validate.Silver;
import io.dramalake.jobs.validate.ValidateJob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Silver → gold. Refuses while the latest verification of a silver table failed an error
 * check; computes the gold tables, verifies them, and publishes only when every error check passed.
 */
public final class CurateJob {

    private static final Logger LOG = LoggerFactory.getLogger(CurateJob.class);
    public static final String STAGE = "curate";

    @Parameters(commandNames = "curate", commandDescription = "Silver -> gold: rebuild the curated tables")
    public static final class Config {
        @ParametersDelegate
        public CommonOptions common = new CommonOptions();

        @Parameter(names = "--lake", description = "Lake root (local path or s3a://...)")
        public String lake;
    }

    /** What a curation did; {@code silverVersions} names the silver state gold was built from. */
    public record Result(boolean published, Map<LakeTable, Long> rows, List<ConstraintOutcome> quality,
                         List<String> blockedBy, String silverVersions) {
        public String summary() {
            if (!published) {
                return "curate: nothing published to gold; failed error checks: " + String.join("; ", blockedBy);
            }
            long failed = quality.stream().filter(q -> !q.passed()).count();
            return "curate: " + rows.entrySet().stream().map(e -> e.getKey().qualifiedName() + "=" + e.getValue())
                .collect(Collectors.joining(", ")) + "; quality: " + quality.size() + " constraint(s), " + failed
                + " failed";
        }
    }

    private final RunContext ctx;

    public CurateJob(RunContext ctx) {
        this.ctx = ctx;
    }

    /** The silver tables' versions, e.g. {@code app_intel_daily=4,apps=2,ad_creatives=3}. */
    public static String silverVersions(RunContext ctx) {
        List<String> parts = new ArrayList<>();
        for (Source s : Source.values()) {
            parts.add(Silver.table(s).table() + "=" + ctx.tables().version(Silver.table(s)));
        }
        return String.join(",", parts);
    }

    public Result run() {
        String versions = silverVersions(ctx);
        List<String> silverFailures = latestSilverFailures();
        if (!silverFailures.isEmpty()) {
            return new Result(false, Map.of(), List.of(), silverFailures, versions);
        }
        Dataset<Row> apps = silver(Source.APPS);
        Dataset<Row> volume = GoldTables.downloadVolume(silver(Source.APP_INTEL), apps)
            .persist(StorageLevel.MEMORY_AND_DISK());
        Map<LakeTable, Dataset<Row>> gold = new LinkedHashMap<>();
        gold.put(LakeTable.GOLD_DOWNLOAD_VOLUME, volume);
        gold.put(LakeTable.GOLD_IAP_SHARE_BY_ORIGIN, GoldTables.iapShareByOrigin(volume));
        gold.put(LakeTable.GOLD_AD_MATERIAL_COUNTS, GoldTables.adMaterialCounts(silver(Source.AD_CREATIVES), apps));
        try {
            Map<LakeTable, Long> rows = new LinkedHashMap<>();
            List<ConstraintOutcome> quality = new ArrayList<>();
            for (Map.Entry<LakeTable, Dataset<Row>> e : gold.entrySet()) {
                Dataset<Row> table = e.getValue().persist(StorageLevel.MEMORY_AND_DISK());
                e.setValue(table);
                long n = table.count();
                rows.put(e.getKey(), n);
                if (n > 0) {
                    quality.addAll(LakeChecks.verify(e.getKey(), table));
                }
            }
            QualityRecord.append(ctx, STAGE, quality);
            List<String> blocked = quality.stream().filter(ConstraintOutcome::blocksPublication)
                .map(q -> q.table() + ": " + q.check() + " (" + q.message() + ")").toList();
            if (!blocked.isEmpty()) {
                return new Result(false, rows, quality, blocked, versions);
            }
            gold.forEach((table, data) -> ctx.tables().replace(table, data.coalesce(1)));
            LOG.info("gold published: {}", rows);
            return new Result(true, rows, quality, List.of(), versions);
        } finally {
            gold.values().forEach(Dataset::unpersist);
            volume.unpersist();
        }
    }

    private Dataset<Row> silver(Source source) {
        return ctx.tables().readOrEmpty(Silver.table(source), Silver.schema(source));
    }

    /** Error checks that failed in the latest verification of each silver table. */
    private List<String> latestSilverFailures() {
        if (!ctx.tables().exists(LakeTable.OPS_QUALITY_RESULTS)) {
            return List.of();
        }
        Dataset<Row> results = ctx.tables().read(LakeTable.OPS_QUALITY_RESULTS)
            .filter(col("stage").equalTo(lit(ValidateJob.STAGE)));
        Dataset<Row> latest = results.groupBy("table_name").agg(max("recorded_at").as("recorded_at"));
        return results.join(latest, scala.collection.JavaConverters.asScalaBuffer(
                List.of("table_name", "recorded_at")).toSeq())
            .filter(col("severity").equalTo("error").and(col("status").equalTo("failure")))
            .select("table_name", "check", "run_id").collectAsList().stream()
            .map(r -> r.getString(0) + ": " + r.getString(1) + " (validate run " + r.getString(2) + ")")
            .distinct().toList();
    }
}
