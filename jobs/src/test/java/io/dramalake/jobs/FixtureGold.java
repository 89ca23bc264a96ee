package io.dramalake.jobs;

import static io.dramalake.jobs.Fixture.A1;
import static io.dramalake.jobs.Fixture.A2;
import static io.dramalake.jobs.Fixture.A3;
import static io.dramalake.jobs.Fixture.A4;
import static io.dramalake.jobs.Fixture.A5;
import static io.dramalake.jobs.Fixture.F6;

import java.util.List;

/**
 * The gold tables the {@link io.dramalake.jobs.Fixture}'s two dumps must give, as worked out by hand
 * by hand (asserted in {@code PipelineEndToEndTest} and the integration tests), with the queries that list them (one comma-joined row per line).
 */
public final class FixtureGold {

    private FixtureGold() {
    }

    public static final String DOWNLOAD_VOLUME_QUERY =
        "SELECT month, store, country, app_key, app_name, origin_country, downloads, revenue_usd "
            + "FROM gold.download_volume ORDER BY month, store, country, app_key";

    public static final List<String> DOWNLOAD_VOLUME = List.of(
        "2024-12-01,android,BR," + A4 + ",Melolo,ZZ,600,50.00",
        "2025-01-01,ios,DE," + A3 + ",ShortMax,CN,50,0.00",
        "2025-02-01,android,PH," + A2 + ",DramaBox,CN,1000,1500.50",
        "2025-02-01,ios,AU," + A1 + ",ReelShort,CN,10,10.00",
        "2025-02-01,ios,JP,ios:1700000007,GoodShort,ZZ,70,70.00",
        "2025-02-01,ios,US," + A1 + ",ReelShort,CN,1000,2500.00",
        "2025-03-01,android,GB," + A1 + ",ReelShort,CN,500,999.99",
        "2025-03-01,android,ID," + F6 + ",FlexTV,ZZ,400,100.00",
        "2025-03-01,android,US," + A5 + ",NewDrama,HK,100,10.00",
        "2025-03-01,ios,CA," + A3 + ",ShortMax,CN,310,460.00",
        "2025-03-01,ios,US," + A1 + ",ReelShort,CN,2200,5100.00");

    public static final String IAP_SHARE_QUERY =
        "SELECT period_type, period_start, origin_country, revenue_usd, paying_apps FROM gold.iap_share_by_origin "
            + "ORDER BY period_type, period_start, origin_country";

    public static final List<String> IAP_SHARE = List.of(
        "month,2024-12-01,ZZ,50.00,1",
        "month,2025-01-01,CN,0.00,0",
        "month,2025-02-01,CN,4010.50,2",
        "month,2025-02-01,ZZ,70.00,1",
        "month,2025-03-01,CN,6559.99,2",
        "month,2025-03-01,HK,10.00,1",
        "month,2025-03-01,ZZ,100.00,1",
        "quarter,2024-10-01,ZZ,50.00,1",
        "quarter,2025-01-01,CN,10570.49,3",
        "quarter,2025-01-01,HK,10.00,1",
        "quarter,2025-01-01,ZZ,170.00,2",
        "year,2024-01-01,ZZ,50.00,1",
        "year,2025-01-01,CN,10570.49,3",
        "year,2025-01-01,HK,10.00,1",
        "year,2025-01-01,ZZ,170.00,2");

    public static final String AD_MATERIAL_QUERY =
        "SELECT month, network, origin_country, app_key, new_creatives, active_creatives "
            + "FROM gold.ad_material_counts ORDER BY month, network, app_key";

    public static final List<String> AD_MATERIAL_COUNTS = List.of(
        "2024-12-01,other,ZZ,ios:1700000007,1,1",
        "2025-01-01,meta,CN," + A1 + ",1,1",
        "2025-01-01,other,ZZ,ios:1700000007,0,1",
        "2025-02-01,meta,CN," + A1 + ",0,1",
        "2025-02-01,snapchat,ZZ," + F6 + ",1,1",
        "2025-02-01,tiktok,CN," + A2 + ",1,1",
        "2025-03-01,google,HK," + A5 + ",1,1",
        "2025-03-01,tiktok,CN," + A2 + ",0,1");
}
