-- The figures the benchmark compares, as (figure, value) text pairs. Written in the SQL that Spark
-- and DuckDB share, so the same text runs on the lake and on the DuckDB reference.
SELECT figure, value FROM (
    SELECT concat('read.', r.source) AS figure, CAST(sum(r.rows) AS STRING) AS value
    FROM ops.row_accounting r WHERE r.metric = 'read' GROUP BY r.source
    UNION ALL
    SELECT concat('quarantine.', q.source, '.', q.reason), CAST(count(*) AS STRING)
    FROM silver.quarantine q GROUP BY q.source, q.reason
    UNION ALL
    SELECT 'silver.app_intel_daily.rows', CAST(count(*) AS STRING) FROM silver.app_intel_daily
    UNION ALL
    SELECT 'silver.apps.rows', CAST(count(*) AS STRING) FROM silver.apps
    UNION ALL
    SELECT 'silver.ad_creatives.distinct_creatives', CAST(count(DISTINCT c.creative_id) AS STRING)
    FROM silver.ad_creatives c
    UNION ALL
    SELECT 'gold.download_volume.rows', CAST(count(*) AS STRING) FROM gold.download_volume
    UNION ALL
    SELECT 'gold.download_volume.downloads', CAST(sum(d.downloads) AS STRING) FROM gold.download_volume d
    UNION ALL
    SELECT 'gold.download_volume.revenue_usd', CAST(sum(d.revenue_usd) AS STRING) FROM gold.download_volume d
    UNION ALL
    SELECT concat('gold.download_volume.revenue_usd.origin.', d.origin_country), CAST(sum(d.revenue_usd) AS STRING)
    FROM gold.download_volume d GROUP BY d.origin_country
    UNION ALL
    SELECT concat('gold.iap_share_by_origin.', i.period_type, '.', CAST(i.period_start AS STRING), '.',
                  i.origin_country, '.revenue_usd'), CAST(i.revenue_usd AS STRING)
    FROM gold.iap_share_by_origin i WHERE i.period_type IN ('quarter', 'year')
    UNION ALL
    SELECT concat('gold.iap_share_by_origin.', i.period_type, '.', CAST(i.period_start AS STRING), '.',
                  i.origin_country, '.paying_apps'), CAST(i.paying_apps AS STRING)
    FROM gold.iap_share_by_origin i WHERE i.period_type IN ('quarter', 'year')
    UNION ALL
    SELECT 'gold.iap_share_by_origin.rows', CAST(count(*) AS STRING) FROM gold.iap_share_by_origin
    UNION ALL
    SELECT 'gold.ad_material_counts.rows', CAST(count(*) AS STRING) FROM gold.ad_material_counts
    UNION ALL
    SELECT 'gold.ad_material_counts.new_creatives', CAST(sum(a.new_creatives) AS STRING) FROM gold.ad_material_counts a
    UNION ALL
    SELECT 'gold.ad_material_counts.active_creatives', CAST(sum(a.active_creatives) AS STRING)
    FROM gold.ad_material_counts a
) t ORDER BY figure
