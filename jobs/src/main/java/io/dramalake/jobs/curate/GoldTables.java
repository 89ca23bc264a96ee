package io.dramalake.jobs.curate;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import io.dramalake.common.spark.ColumnNames;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/** Section 4: the gold tables, computed from silver. Months, quarters and years start on their first day. */
public final class GoldTables {

    static final String MONEY = "decimal(20,2)";

    private GoldTables() {
    }

    /** The most recent app_intel row first: the order that names an unresolved app (4.1). */
    private static final Column[] NAME_RECENCY = {col("as_of").desc(), col("dump_date").desc(), col("date").desc(),
        col("source_file").desc(), col("line_number").desc()};

    /** 4.1: downloads and revenue per (month, store, country, app_key). */
    public static Dataset<Row> downloadVolume(Dataset<Row> appIntelDaily, Dataset<Row> apps) {
        return downloadVolume(appIntelDaily, appIntelDaily, apps);
    }

    /**
     * 4.1 for {@code rows}, naming unresolved apps from {@code nameRows}: every silver row of the
     * keys in {@code rows} (a superset is fine), since a key's name is its most recent one overall.
     */
    public static Dataset<Row> downloadVolume(Dataset<Row> rows, Dataset<Row> nameRows, Dataset<Row> apps) {
        Dataset<Row> resolved = AppResolution.resolve(rows, apps);
        // An unresolved app is named by the most recent app_name its own rows carried.
        Dataset<Row> intelNames = AppResolution.resolve(nameRows, apps).filter(col("app_name").isNotNull())
            .withColumn("_rn", row_number().over(Window.partitionBy(AppResolution.APP_KEY).orderBy(NAME_RECENCY)))
            .filter(col("_rn").equalTo(1))
            .select(col(AppResolution.APP_KEY), col("app_name").as("_intel_name"));
        return resolved
            .groupBy(trunc(col("date"), "month").as("month"), col("store"), col("country"),
                col(AppResolution.APP_KEY), col(AppResolution.ORIGIN), col(AppResolution.RESOLVED_NAME))
            .agg(sum("downloads").cast(DataTypes.LongType).as("downloads"),
                sum("revenue_usd").cast(MONEY).as("revenue_usd"))
            .join(intelNames, ColumnNames.seq(List.of(AppResolution.APP_KEY)), "left")
            .select(col("month"), col("store"), col("country"), col(AppResolution.APP_KEY),
                coalesce(col(AppResolution.RESOLVED_NAME), col("_intel_name")).as("app_name"),
                col(AppResolution.ORIGIN), col("downloads"), col("revenue_usd"));
    }

    /**
     * Per day and app listing, its most recent row (one that names the app, when any does): the
     * columns 4.1 names unresolved apps from, so these rows name them as every row would.
     */
    public static Dataset<Row> listingDays(Dataset<Row> appIntelDaily) {
        return appIntelDaily
            .withColumn("_rn", row_number().over(Window.partitionBy("date", "unified_app_id", "store", "app_id")
                .orderBy(java.util.stream.Stream.concat(java.util.stream.Stream.of(col("app_name").isNull().asc()),
                    java.util.Arrays.stream(NAME_RECENCY)).toArray(Column[]::new))))
            .filter(col("_rn").equalTo(1))
            .select(trunc(col("date"), "month").as("month"), col("date"), col("unified_app_id"), col("store"),
                col("app_id"), col("app_name"), col("as_of"), col("dump_date"), col("source_file"), col("line_number"));
    }

    /** 4.2: IAP revenue by origin per month, quarter and year, with each origin's share of the period. */
    public static Dataset<Row> iapShareByOrigin(Dataset<Row> downloadVolume) {
        Dataset<Row> periods = period(downloadVolume, "month", "month")
            .unionByName(period(downloadVolume, "quarter", "quarter"))
            .unionByName(period(downloadVolume, "year", "year"));
        Column total = sum("revenue_usd").over(Window.partitionBy("period_type", "period_start"));
        return periods
            .groupBy("period_type", "period_start", AppResolution.ORIGIN)
            .agg(sum("revenue_usd").cast(MONEY).as("revenue_usd"),
                countDistinct(when(col("revenue_usd").gt(0), col(AppResolution.APP_KEY))).cast(DataTypes.LongType)
                    .as("paying_apps"))
            .withColumn("share", when(total.gt(0), col("revenue_usd").cast(DataTypes.DoubleType)
                .divide(total.cast(DataTypes.DoubleType))))
            .select("period_type", "period_start", AppResolution.ORIGIN, "revenue_usd", "share", "paying_apps");
    }

    private static Dataset<Row> period(Dataset<Row> downloadVolume, String type, String unit) {
        return downloadVolume.select(lit(type).as("period_type"), trunc(col("month"), unit).as("period_start"),
            col(AppResolution.ORIGIN), col(AppResolution.APP_KEY), col("revenue_usd"));
    }

    /** 4.3: new and active ad materials per (month, network, origin_country, app_key). */
    public static Dataset<Row> adMaterialCounts(Dataset<Row> adCreatives, Dataset<Row> apps) {
        return adMaterialCountsOfSpans(adCreativeSpans(adCreatives), apps);
    }

    /**
     * Creatives counted per app listing, network, first and last month: resolution reads only the
     * listing and 4.3 only the months, so the counts of these rows are those of their creatives.
     */
    public static Dataset<Row> adCreativeSpans(Dataset<Row> adCreatives) {
        return adCreatives.groupBy(col("unified_app_id"), col("store"), col("app_id"), col("network"),
                trunc(col("first_seen"), "month").as("first_month"), trunc(col("last_seen"), "month").as("last_month"))
            .agg(count(lit(1)).as("creatives"));
    }

    /** 4.3 from creative spans (whose counts may be negative: a change's contribution taken out). */
    static Dataset<Row> adMaterialCountsOfSpans(Dataset<Row> spans, Dataset<Row> apps) {
        return AppResolution.resolve(spans, apps)
            .withColumn("month", explode(sequence(col("first_month"), col("last_month"), expr("interval 1 month"))))
            .groupBy("month", "network", AppResolution.ORIGIN, AppResolution.APP_KEY)
            .agg(sum(when(col("first_month").equalTo(col("month")), col("creatives")).otherwise(0))
                    .cast(DataTypes.LongType).as("new_creatives"),
                sum("creatives").cast(DataTypes.LongType).as("active_creatives"));
    }

    /** The spans with their counts negated: what taking those creatives out changes. */
    static Dataset<Row> negated(Dataset<Row> spans) {
        return spans.withColumn("creatives", col("creatives").multiply(-1));
    }

    /** Sums creative spans (or their changes) per span, leaving out those that sum to zero. */
    static Dataset<Row> sumSpans(Dataset<Row> spans) {
        List<String> key = io.dramalake.common.lake.LakeTable.SILVER_AD_CREATIVE_SPANS.key();
        return spans.groupBy(key.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new))
            .agg(sum("creatives").cast(DataTypes.LongType).as("creatives"))
            .filter(col("creatives").notEqual(0));
    }

    /** Sums ad-material counts (or their changes) per grain row. */
    static Dataset<Row> sumCounts(Dataset<Row> counts) {
        return counts.groupBy("month", "network", AppResolution.ORIGIN, AppResolution.APP_KEY)
            .agg(sum("new_creatives").cast(DataTypes.LongType).as("new_creatives"),
                sum("active_creatives").cast(DataTypes.LongType).as("active_creatives"));
    }
}
