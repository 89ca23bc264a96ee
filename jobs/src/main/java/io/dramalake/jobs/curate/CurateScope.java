package io.dramalake.jobs.curate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.trunc;

import io.dramalake.common.contract.Rules;
import io.dramalake.common.contract.Source;
import io.dramalake.common.lake.LakeTable;
import io.dramalake.jobs.RunContext;
import io.dramalake.jobs.validate.Silver;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The gold months one run can have changed, found from the silver rows it wrote (their
 * {@code run_id}) and from the apps whose name, origin or store listings it changed (compared with
 * the apps table as it was before the run). Gold outside these months is left as it is.
 */
public record CurateScope(Set<Date> volumeMonths, Set<Date> adMonths) {

    /** The scope of run {@code runId}, whose validation started from {@code appsVersionBefore} (-1: no table). */
    public static CurateScope of(RunContext ctx, String runId, long appsVersionBefore) {
        Dataset<Row> apps = ctx.tables().readOrEmpty(LakeTable.SILVER_APPS, Silver.schema(Source.APPS));
        Dataset<Row> appsBefore = appsVersionBefore < 0 ? apps.limit(0)
            : ctx.spark().read().format("delta").option("versionAsOf", appsVersionBefore)
                .load(ctx.lake().path(LakeTable.SILVER_APPS));
        // Apps added or changed in what resolution reads: their old and new listings and ids.
        Dataset<Row> changed = appsDigest(apps).join(appsDigest(appsBefore).withColumnRenamed("digest", "before"),
                scala.collection.JavaConverters.asScalaBuffer(List.of("unified_app_id")).toSeq(), "full_outer")
            .filter(col("digest").eqNullSafe(col("before")).unary_$bang());
        List<String> ids = new ArrayList<>();
        changed.select("unified_app_id").collectAsList().forEach(r -> ids.add(r.getString(0)));
        List<String> listings = new ArrayList<>();
        for (Dataset<Row> version : List.of(apps, appsBefore)) {
            version.filter(col("unified_app_id").isin(ids.toArray()))
                .select(concat(lit(Rules.IOS + ":"), col("store_ids.ios")), concat(lit(Rules.ANDROID + ":"),
                    col("store_ids.android")))
                .collectAsList().forEach(r -> {
                    for (int i = 0; i < 2; i++) {
                        if (!r.isNullAt(i)) {
                            listings.add(r.getString(i));
                        }
                    }
                });
        }
        Column mine = col(Silver.RUN_ID).equalTo(lit(runId));
        Column resolvesToChangedApp = col("unified_app_id").isin(ids.toArray())
            .or(concat(col("store"), lit(":"), col("app_id")).isin(listings.toArray()));

        Set<Date> volume = new TreeSet<>();
        if (ctx.tables().exists(LakeTable.SILVER_APP_INTEL_DAILY)) {
            ctx.tables().read(LakeTable.SILVER_APP_INTEL_DAILY)
                .filter(ids.isEmpty() ? mine : mine.or(resolvesToChangedApp))
                .select(trunc(col("date"), "month")).distinct().collectAsList()
                .forEach(r -> volume.add(r.getDate(0)));
        }
        Set<Date> ads = new TreeSet<>();
        if (ctx.tables().exists(LakeTable.SILVER_AD_CREATIVES)) {
            ctx.tables().read(LakeTable.SILVER_AD_CREATIVES)
                .filter(ids.isEmpty() ? mine : mine.or(resolvesToChangedApp))
                .select(explode(sequence(trunc(col("first_seen"), "month"), trunc(col("last_seen"), "month"),
                    expr("interval 1 month")))).distinct().collectAsList()
                .forEach(r -> ads.add(r.getDate(0)));
        }
        return new CurateScope(volume, ads);
    }

    private static Dataset<Row> appsDigest(Dataset<Row> apps) {
        return apps.select(col("unified_app_id"), functionsStruct().as("digest"));
    }

    private static Column functionsStruct() {
        return org.apache.spark.sql.functions.struct(col("app_name"), col("origin_country"), col("store_ids"));
    }

    public boolean isEmpty() {
        return volumeMonths.isEmpty() && adMonths.isEmpty();
    }

    @Override
    public String toString() {
        return "months: download_volume " + volumeMonths + ", ad_material_counts " + adMonths;
    }
}
