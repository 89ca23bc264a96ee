-- The second DuckDB baseline: the pipeline a DuckDB user would write for the data contract, with
-- DuckDB's own readers (read_csv with union_by_name; read_ndjson_objects and from_json, because
-- read_json's ignore_errors also loses the valid line after a line cut short after a key) straight
-- over the landing globs, the cleaning rules as WHERE clauses, recency as QUALIFY, silver and gold
-- as tables. No bronze, no line lineage, no quarantine. DuckDbNative runs it one "-- @step" at a
-- time after filling in ${landing} and ${iso_countries} (Java 17's Locale.getISOCountries(), the
-- contract's country list).
--
-- What it deliberately leaves out, so that it is no twin of the pipeline (docs/benchmark.md):
-- * Unparseable records (a CSV row whose field count is not the header's, broken JSON) are
--   skipped by the readers' ignore_errors (a broken JSON line parses to nulls, which fail the
--   first check) instead of being quarantined as `malformed`; rejected rows are filtered out,
--   not kept with a reason; so there is no silver.quarantine and no ops.row_accounting (the
--   figures read.* and quarantine.* of bench/totals.sql are not produced).
-- * No source file or line number: ties in recency are broken by as_of, then dump_date only.
--   On the generated data the only rows that tie are exact duplicates, so the winner is the same.
-- * Trimming is DuckDB's trim (spaces) rather than Java's whitespace set; as_of is read with
--   DuckDB's TIMESTAMPTZ cast rather than the pipeline's ISO-8601 parser; a CSV field with an
--   unbalanced quote is left to the reader.
-- On the generated data these give the same silver.* and gold.* figures as the pipeline.

-- @step setup
SET TimeZone = 'UTC';
CREATE MACRO clean(v) AS nullif(trim(v), '');
CREATE MACRO day_of(t) AS CASE WHEN regexp_full_match(t, '\d{4}-\d{2}-\d{2}|\d{4}/\d{2}/\d{2}|\d{8}')
    THEN CAST(try_strptime(t, ['%Y-%m-%d', '%Y/%m/%d', '%Y%m%d']) AS DATE) END;
CREATE MACRO store_of(t) AS CASE
    WHEN lower(t) IN ('ios', 'app store', 'apple', 'itunes') THEN 'ios'
    WHEN lower(t) IN ('android', 'google play', 'google_play', 'googleplay', 'gp') THEN 'android' END;
CREATE MACRO country_of(t) AS CASE WHEN upper(t) = 'UK' THEN 'GB' ELSE upper(t) END;
CREATE MACRO is_country(c) AS list_contains(${iso_countries}, c);
CREATE MACRO valid_country(t) AS CASE WHEN is_country(country_of(t)) THEN country_of(t) END;
-- whole non-negative numbers, commas allowed between groups of three digits
CREATE MACRO count_of(t) AS CASE WHEN regexp_full_match(t, '\d+|\d{1,3}(,\d{3})+')
    THEN TRY_CAST(replace(t, ',', '') AS BIGINT) END;
CREATE MACRO as_of_or_dump(t, dump_date) AS coalesce(TRY_CAST(t AS TIMESTAMPTZ), CAST(dump_date AS TIMESTAMPTZ));

-- @step silver_app_intel
CREATE SCHEMA silver;
CREATE TABLE silver.app_intel_daily AS
WITH raw AS (
    SELECT * FROM read_csv('${landing}/app_intel/dump_date=*/*.csv*', union_by_name = true, all_varchar = true,
        header = true, delim = ',', quote = '"', escape = '"', ignore_errors = true, hive_partitioning = true)
), typed AS (
    SELECT day_of(clean(date)) AS date, store_of(clean(store)) AS store, clean(app_id) AS app_id,
           lower(clean(unified_app_id)) AS unified_app_id, clean(app_name) AS app_name,
           country_of(clean(country)) AS country, count_of(clean(downloads)) AS downloads,
           count_of(clean(revenue_cents)) AS revenue_cents, as_of_or_dump(clean(as_of), dump_date) AS as_of,
           dump_date
    FROM raw
)
SELECT date, store, app_id, unified_app_id, app_name, country, downloads,
       CAST(CAST(revenue_cents AS DECIMAL(20, 0)) * 0.01 AS DECIMAL(20, 2)) AS revenue_usd, as_of, dump_date
FROM typed
WHERE date <= dump_date AND store IS NOT NULL AND app_id IS NOT NULL
  AND is_country(country) -- also drops the worldwide totals (WW)
  AND downloads IS NOT NULL AND revenue_cents IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY date, store, app_id, country ORDER BY as_of DESC, dump_date DESC) = 1;

-- @step silver_apps
CREATE TABLE silver.apps AS
SELECT lower(clean(unified_app_id)) AS unified_app_id, clean(app_name) AS app_name,
       coalesce(valid_country(clean(parent_hq_country)), valid_country(clean(publisher_hq_country)), 'ZZ')
           AS origin_country,
       clean(store_ids.ios) AS ios_id, clean(store_ids.android) AS android_id,
       as_of_or_dump(clean(as_of), dump_date) AS as_of, dump_date
FROM (SELECT unnest(from_json(json, '{"unified_app_id": "VARCHAR", "app_name": "VARCHAR", "publisher_hq_country": "VARCHAR",
                         "parent_hq_country": "VARCHAR", "store_ids": {"ios": "VARCHAR", "android": "VARCHAR"},
                         "as_of": "VARCHAR"}')), dump_date
      FROM read_ndjson_objects('${landing}/apps/dump_date=*/*.jsonl*', ignore_errors = true, hive_partitioning = true))
WHERE regexp_full_match(lower(clean(unified_app_id)), '[0-9a-f]{24}')
QUALIFY row_number() OVER (PARTITION BY lower(clean(unified_app_id)) ORDER BY as_of DESC, dump_date DESC) = 1;

-- @step silver_ad_creatives
CREATE TABLE silver.ad_creatives AS
WITH typed AS (
    SELECT clean(creative_id) AS creative_id, lower(clean(unified_app_id)) AS unified_app_id,
           store_of(clean(store)) AS store, clean(app_id) AS app_id,
           CASE
               WHEN lower(clean(network)) IN ('facebook', 'instagram', 'meta', 'audience network', 'messenger') THEN 'meta'
               WHEN lower(clean(network)) IN ('tiktok', 'pangle') THEN 'tiktok'
               WHEN lower(clean(network)) IN ('google', 'google ads', 'admob', 'youtube') THEN 'google'
               WHEN lower(clean(network)) IN ('unity', 'unity ads') THEN 'unity'
               WHEN lower(clean(network)) IN ('snapchat', 'snap') THEN 'snapchat'
               WHEN lower(clean(network)) IN ('x', 'twitter') THEN 'x'
               WHEN lower(clean(network)) IN ('liftoff', 'vungle') THEN 'liftoff'
               WHEN lower(clean(network)) IN ('applovin', 'mintegral', 'ironsource') THEN lower(clean(network))
               ELSE 'other' END AS network,
           CASE WHEN lower(clean(media_type)) IN ('video', 'image', 'playable', 'carousel')
                THEN lower(clean(media_type)) ELSE 'other' END AS media_type,
           day_of(clean(first_seen)) AS first_seen, day_of(clean(last_seen)) AS last_seen,
           countries, as_of_or_dump(clean(as_of), dump_date) AS as_of, dump_date
    FROM (SELECT unnest(from_json(json, '{"creative_id": "VARCHAR", "unified_app_id": "VARCHAR", "store": "VARCHAR",
                   "app_id": "VARCHAR", "network": "VARCHAR", "media_type": "VARCHAR", "first_seen": "VARCHAR",
                   "last_seen": "VARCHAR", "countries": ["VARCHAR"], "as_of": "VARCHAR"}')), dump_date
          FROM read_ndjson_objects('${landing}/ad_creatives/dump_date=*/*.jsonl*', ignore_errors = true,
                                   hive_partitioning = true))
), valid AS MATERIALIZED (
    SELECT * FROM typed
    WHERE creative_id IS NOT NULL AND first_seen <= last_seen AND last_seen <= dump_date
      AND (unified_app_id IS NOT NULL OR (store IS NOT NULL AND app_id IS NOT NULL))
), merged AS (
    -- one row per creative: earliest first_seen, latest last_seen, the rest from the latest record
    SELECT creative_id, min(first_seen) AS first_seen, max(last_seen) AS last_seen,
           arg_max({'unified_app_id': unified_app_id, 'store': store, 'app_id': app_id, 'network': network,
                    'media_type': media_type}, (as_of, dump_date)) AS latest
    FROM valid GROUP BY creative_id
), seen_in AS (
    -- every valid country any record named; checked unnested, as the country list inside a
    -- lambda (list_filter) costs several times more
    SELECT creative_id, list_sort(list(DISTINCT country)) AS countries
    FROM (SELECT creative_id, country_of(clean(unnest(countries))) AS country FROM valid)
    WHERE is_country(country)
    GROUP BY creative_id
)
SELECT m.creative_id, m.first_seen, m.last_seen, coalesce(s.countries, CAST([] AS VARCHAR[])) AS countries, m.latest
FROM merged m LEFT JOIN seen_in s USING (creative_id);

-- @step gold
-- Which app a record is about: its unified_app_id if silver.apps has it, else the app listing its
-- (store, app_id) (a listing claimed twice goes to the most recently described app).
CREATE TABLE listings AS
SELECT store, app_id, unified_app_id, app_name, origin_country FROM (
    SELECT 'ios' AS store, ios_id AS app_id, * FROM silver.apps WHERE ios_id IS NOT NULL
    UNION ALL
    SELECT 'android', android_id, * FROM silver.apps WHERE android_id IS NOT NULL)
QUALIFY row_number() OVER (PARTITION BY store, app_id ORDER BY as_of DESC, dump_date DESC, unified_app_id) = 1;

CREATE SCHEMA gold;
CREATE TABLE gold.download_volume AS
WITH r AS (
    SELECT f.*, coalesce(a.unified_app_id, l.unified_app_id, f.unified_app_id, f.store || ':' || f.app_id) AS app_key,
           CASE WHEN a.unified_app_id IS NOT NULL THEN a.app_name ELSE l.app_name END AS resolved_name,
           coalesce(CASE WHEN a.unified_app_id IS NOT NULL THEN a.origin_country ELSE l.origin_country END, 'ZZ')
               AS origin_country
    FROM silver.app_intel_daily f
    LEFT JOIN silver.apps a ON a.unified_app_id = f.unified_app_id
    LEFT JOIN listings l ON l.store = f.store AND l.app_id = f.app_id
), intel_names AS (
    SELECT app_key, arg_max(app_name, (as_of, dump_date, date)) AS intel_name FROM r WHERE app_name IS NOT NULL
    GROUP BY app_key
)
SELECT CAST(date_trunc('month', date) AS DATE) AS month, store, country, app_key,
       coalesce(resolved_name, intel_name) AS app_name, origin_country,
       CAST(sum(downloads) AS BIGINT) AS downloads, CAST(sum(revenue_usd) AS DECIMAL(20, 2)) AS revenue_usd
FROM r LEFT JOIN intel_names USING (app_key)
GROUP BY ALL;

CREATE TABLE gold.iap_share_by_origin AS
WITH periods AS (
    SELECT p.period_type, CAST(date_trunc(p.period_type, d.month) AS DATE) AS period_start, d.origin_country,
           d.app_key, d.revenue_usd
    FROM gold.download_volume d, (VALUES ('month'), ('quarter'), ('year')) p(period_type)
), g AS (
    SELECT period_type, period_start, origin_country, CAST(sum(revenue_usd) AS DECIMAL(20, 2)) AS revenue_usd,
           count(DISTINCT app_key) FILTER (WHERE revenue_usd > 0) AS paying_apps
    FROM periods GROUP BY ALL
)
SELECT period_type, period_start, origin_country, revenue_usd,
       CAST(revenue_usd AS DOUBLE) / CAST(nullif(sum(revenue_usd) OVER (PARTITION BY period_type, period_start), 0) AS DOUBLE)
           AS share,
       paying_apps
FROM g;

-- a creative counts as active in every month from its first_seen's to its last_seen's
CREATE TABLE gold.ad_material_counts AS
WITH r AS (
    SELECT c.first_seen, c.last_seen, c.latest.network AS network,
           coalesce(a.unified_app_id, l.unified_app_id, c.latest.unified_app_id,
                    c.latest.store || ':' || c.latest.app_id) AS app_key,
           coalesce(CASE WHEN a.unified_app_id IS NOT NULL THEN a.origin_country ELSE l.origin_country END, 'ZZ')
               AS origin_country
    FROM silver.ad_creatives c
    LEFT JOIN silver.apps a ON a.unified_app_id = c.latest.unified_app_id
    LEFT JOIN listings l ON l.store = c.latest.store AND l.app_id = c.latest.app_id
)
SELECT month, network, origin_country, app_key,
       count(*) FILTER (WHERE month = date_trunc('month', first_seen)) AS new_creatives,
       count(*) AS active_creatives
FROM (SELECT *, CAST(unnest(generate_series(date_trunc('month', first_seen), date_trunc('month', last_seen),
                                            INTERVAL 1 MONTH)) AS DATE) AS month FROM r)
GROUP BY ALL;

-- @step totals_tables
-- bench/totals.sql reads these two; this baseline keeps neither, so they stay empty and the
-- read.* and quarantine.* figures are simply absent.
CREATE SCHEMA ops;
CREATE TABLE ops.row_accounting (source VARCHAR, metric VARCHAR, "rows" BIGINT);
CREATE TABLE silver.quarantine (source VARCHAR, reason VARCHAR);
