package io.dramalake.jobs.demo;

import io.dramalake.jobs.sql.ResultPrinter;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The three market questions, asked of a lake's gold and silver tables, printed as small tables. */
public final class DemoJob {

    /** Question → the SQL that answers it. */
    public static final Map<String, String> QUESTIONS = new LinkedHashMap<>();

    static {
        QUESTIONS.put("How many downloads? (per month, all stores and markets)",
            "SELECT month, SUM(downloads) AS downloads, SUM(revenue_usd) AS iap_revenue_usd, "
                + "COUNT(DISTINCT app_key) AS apps FROM gold.download_volume GROUP BY month ORDER BY month");
        QUESTIONS.put("How does IAP revenue split by app origin? (China-backed = origin CN)",
            "SELECT period_type, period_start, "
                + "SUM(CASE WHEN origin_country = 'CN' THEN revenue_usd ELSE 0 END) AS china_backed_usd, "
                + "SUM(CASE WHEN origin_country <> 'CN' THEN revenue_usd ELSE 0 END) AS other_usd, "
                + "ROUND(100 * SUM(CASE WHEN origin_country = 'CN' THEN share ELSE 0 END), 1) AS china_backed_pct "
                + "FROM gold.iap_share_by_origin WHERE period_type IN ('quarter', 'year') "
                + "GROUP BY period_type, period_start ORDER BY period_type DESC, period_start");
        QUESTIONS.put("How many ad materials are run? (per network)",
            "SELECT network, COUNT(*) AS ad_materials, "
                + "SUM(CASE WHEN size(countries) > 0 THEN 1 ELSE 0 END) AS with_known_markets "
                + "FROM silver.ad_creatives GROUP BY network ORDER BY ad_materials DESC, network");
    }

    private final SparkSession spark;
    private final PrintStream out;

    public DemoJob(SparkSession spark, PrintStream out) {
        this.spark = spark;
        this.out = out;
    }

    /** Prints every answer; the lake's tables must be registered in the session. */
    public void printAnswers() {
        for (Map.Entry<String, String> q : QUESTIONS.entrySet()) {
            out.println();
            out.println(q.getKey());
            ResultPrinter.print(spark.sql(q.getValue()), ResultPrinter.Format.TABLE, out, 60);
        }
    }
}
