package io.dramalake.jobs.report;

import io.dramalake.common.lake.LakeTable;
import io.dramalake.jobs.ops.QualityRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code report}: one self-contained HTML page (data, script and style inline; nothing fetched)
 * with charts of the analysts' questions and the latest data-quality summary. The lake's tables
 * must be registered in the session.
 */
public final class ReportJob {

    /** The tables the page reads. */
    public static final List<String> TABLES = List.of(LakeTable.GOLD_DOWNLOAD_VOLUME.qualifiedName(),
        LakeTable.GOLD_IAP_SHARE_BY_ORIGIN.qualifiedName(), LakeTable.GOLD_AD_MATERIAL_COUNTS.qualifiedName(),
        LakeTable.SILVER_AD_CREATIVES.qualifiedName(), LakeTable.SILVER_QUARANTINE.qualifiedName(),
        LakeTable.OPS_QUALITY_RESULTS.qualifiedName());

    /** Name → SQL of every data set the page draws; the page's script knows them by these names. */
    public static final Map<String, String> QUERIES = new LinkedHashMap<>();

    static {
        QUERIES.put("downloads_by_month",
            "SELECT month, SUM(downloads) AS downloads, SUM(revenue_usd) AS revenue_usd, "
                + "COUNT(DISTINCT CASE WHEN downloads > 0 THEN app_key END) AS apps_with_downloads "
                + "FROM gold.download_volume GROUP BY month ORDER BY month");
        QUERIES.put("iap_by_origin_month",
            "SELECT period_start, origin_country, revenue_usd, share FROM gold.iap_share_by_origin "
                + "WHERE period_type = 'month' ORDER BY period_start, origin_country");
        QUERIES.put("china_share",
            "SELECT period_type, period_start, SUM(revenue_usd) AS revenue_usd, "
                + "SUM(CASE WHEN origin_country = 'CN' THEN revenue_usd ELSE 0 END) AS china_backed_usd, "
                + "SUM(CASE WHEN origin_country = 'CN' THEN share ELSE 0 END) AS china_backed_share "
                + "FROM gold.iap_share_by_origin WHERE period_type IN ('quarter', 'year') "
                + "GROUP BY period_type, period_start ORDER BY period_type DESC, period_start");
        QUERIES.put("top_apps",
            "SELECT app_key, max_by(app_name, month) AS app_name, max_by(origin_country, month) AS origin_country, "
                + "SUM(revenue_usd) AS revenue_usd, "
                + "SUM(revenue_usd) / (SELECT SUM(revenue_usd) FROM gold.download_volume) AS share "
                + "FROM gold.download_volume GROUP BY app_key ORDER BY revenue_usd DESC, app_key LIMIT 20");
        QUERIES.put("ad_materials_by_network",
            "SELECT month, network, SUM(active_creatives) AS active_creatives, SUM(new_creatives) AS new_creatives "
                + "FROM gold.ad_material_counts GROUP BY month, network ORDER BY month, network");
        QUERIES.put("totals",
            "SELECT (SELECT SUM(downloads) FROM gold.download_volume) AS downloads, "
                + "(SELECT SUM(revenue_usd) FROM gold.download_volume) AS revenue_usd, "
                + "(SELECT COUNT(DISTINCT app_key) FROM gold.download_volume) AS apps, "
                + "(SELECT COUNT(*) FROM silver.ad_creatives) AS ad_materials, "
                + "(SELECT MIN(month) FROM gold.download_volume) AS first_month, "
                + "(SELECT MAX(month) FROM gold.download_volume) AS last_month");
        // The latest verification of each table: its newest run in ops.quality_results.
        QUERIES.put("quality_latest",
            "WITH latest AS (SELECT stage, table_name, max_by(run_id, recorded_at) AS run_id, "
                + "MAX(recorded_at) AS recorded_at FROM ops.quality_results GROUP BY stage, table_name) "
                + "SELECT q.stage, q.table_name, l.run_id, CAST(l.recorded_at AS STRING) AS recorded_at, "
                + "SUM(CASE WHEN q.status = '" + QualityRecord.SUCCESS + "' THEN 1 ELSE 0 END) AS passed, "
                + "SUM(CASE WHEN q.status <> '" + QualityRecord.SUCCESS + "' THEN 1 ELSE 0 END) AS failed, "
                + "SUM(CASE WHEN q.status <> '" + QualityRecord.SUCCESS + "' AND q.severity = '" + QualityRecord.ERROR
                + "' THEN 1 ELSE 0 END) AS failed_errors "
                + "FROM ops.quality_results q JOIN latest l ON q.stage = l.stage AND q.table_name = l.table_name "
                + "AND q.run_id = l.run_id GROUP BY q.stage, q.table_name, l.run_id, l.recorded_at "
                + "ORDER BY q.stage DESC, q.table_name");
        QUERIES.put("quality_failures",
            "WITH latest AS (SELECT stage, table_name, max_by(run_id, recorded_at) AS run_id "
                + "FROM ops.quality_results GROUP BY stage, table_name) "
                + "SELECT q.table_name, q.severity, q.check, q.constraint, q.message FROM ops.quality_results q "
                + "JOIN latest l ON q.stage = l.stage AND q.table_name = l.table_name AND q.run_id = l.run_id "
                + "WHERE q.status <> '" + QualityRecord.SUCCESS + "' ORDER BY q.severity, q.table_name, q.check");
        QUERIES.put("quarantine_by_reason",
            "SELECT source, reason, COUNT(*) AS records FROM silver.quarantine GROUP BY source, reason "
                + "ORDER BY records DESC, source, reason");
    }

    private final SparkSession spark;
    private final String lake;

    public ReportJob(SparkSession spark, String lake) {
        this.spark = spark;
        this.lake = lake;
    }

    /** Writes the page and returns its size in bytes. */
    public long write(Path out) throws IOException {
        String html = html();
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, html, StandardCharsets.UTF_8);
        return Files.size(out);
    }

    /** The page: the template with the data, script and style put inline. */
    public String html() {
        StringBuilder data = new StringBuilder("{");
        data.append(Json.string("lake")).append(':').append(Json.string(lake)).append(',');
        data.append(Json.string("generated_at")).append(':')
            .append(Json.string(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
        for (Map.Entry<String, String> q : QUERIES.entrySet()) {
            data.append(',').append(Json.string(q.getKey())).append(':').append(rows(spark.sql(q.getValue())));
        }
        // Recorded by runs since freshness was added; an older lake shows none until its next run.
        data.append(',').append(Json.string("freshness")).append(':').append(
            spark.catalog().tableExists(LakeTable.OPS_FRESHNESS.qualifiedName())
                ? rows(spark.sql(io.dramalake.jobs.ops.Freshness.REPORT_QUERY)) : "[]");
        data.append('}');
        return resource("report.html")
            .replace("/*STYLE*/", resource("report.css"))
            .replace("/*SCRIPT*/", resource("report.js"))
            .replace("{{LAKE}}", Json.html(lake))
            .replace("/*DATA*/", data.toString());
    }

    /** The rows as an array of objects keyed by column name. */
    static String rows(Dataset<Row> frame) {
        String[] names = frame.columns();
        List<String> objects = new ArrayList<>();
        for (Row r : frame.collectAsList()) {
            StringBuilder sb = new StringBuilder("{");
            for (int i = 0; i < names.length; i++) {
                sb.append(i == 0 ? "" : ",").append(Json.string(names[i])).append(':').append(value(r.get(i)));
            }
            objects.add(sb.append('}').toString());
        }
        return "[" + String.join(",", objects) + "]";
    }

    private static String value(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? "null" : d.toString();
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return Json.string(v.toString());
    }

    private static String resource(String name) {
        try (InputStream in = ReportJob.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("report resource missing from the jar: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Just enough JSON and HTML escaping for data put inside a script element. */
    static final class Json {
        private Json() {
        }

        static String string(String s) {
            return io.dramalake.jobs.JsonText.quoteForScript(s);
        }

        static String html(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        }
    }
}
