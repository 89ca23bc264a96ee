-- The data contract in DuckDB SQL: landing files -> silver -> gold, with no Spark and no lake.
-- Each macro below is the twin of one rule of io.dramalake.common.contract.Rules (or of a
-- conformer's reject order); keep them in step. DuckDbReference runs this file one step at a time
-- (a step starts at a "-- @step" line) after filling in ${landing} and ${iso_countries} (Java's
-- Locale.getISOCountries() as a list literal).

-- @step rules
-- Macros take values already cleaned (Rules.clean) unless their name says otherwise, so that
-- each field is cleaned once per record.

-- Rules.clean: strip Java's whitespace (Character.isWhitespace) and BOMs; '' is null.
CREATE MACRO clean(v) AS nullif(trim(replace(v, chr(65279), ''),
    ' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || chr(28) || chr(29) || chr(30) || chr(31)
    || chr(5760) || chr(8192) || chr(8193) || chr(8194) || chr(8195) || chr(8196) || chr(8197) || chr(8198)
    || chr(8200) || chr(8201) || chr(8202) || chr(8232) || chr(8233) || chr(8287) || chr(12288)), '');
-- Rules.spelling: lower-case, inner whitespace runs folded to one space.
CREATE MACRO spelling(t) AS lower(regexp_replace(t, '[ \t\n\x0B\f\r]+', ' ', 'g'));
-- Rules.parseDay: YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD and a real calendar day.
CREATE MACRO parse_day(t) AS CASE WHEN regexp_full_match(t, '\d{4}(-\d{2}-|/\d{2}/|\d{2})\d{2}')
    THEN CAST(try_strptime(regexp_replace(t, '[-/]', '', 'g'), '%Y%m%d') AS DATE) END;
-- Rules.parseInstant: ISO-8601 with an offset (colon optional) or Z, or local (read as UTC), or a
-- bare date; a space may stand for the T. A UTC timestamp; null when unparseable.
CREATE MACRO iso_text(t) AS regexp_replace(
    CASE WHEN length(t) > 10 AND substr(t, 11, 1) = ' ' THEN substr(t, 1, 10) || 'T' || substr(t, 12) ELSE t END,
    '^(.*T\d\d:\d\d(?::\d\d(?:\.\d+)?)?[+-]\d\d)(\d\d)$', '\1:\2');
CREATE MACRO iso_parts(t) AS regexp_extract(iso_text(t),
    '^(\d{4}-\d{2}-\d{2})(?:[Tt](\d{2}:\d{2})(?::(\d{2})(?:\.(\d{0,9}))?)?([Zz]|[+-]\d{2}:\d{2}(?::\d{2})?)?)?$',
    ['day', 'hm', 's', 'frac', 'off']);
CREATE MACRO instant_of(p) AS CASE
    WHEN p.day = '' THEN NULL
    WHEN p.hm = '' THEN CAST(try_strptime(p.day, '%Y-%m-%d') AS TIMESTAMP)
    ELSE try_strptime(p.day || ' ' || p.hm || ':' || coalesce(nullif(p.s, ''), '00'), '%Y-%m-%d %H:%M:%S')
        + to_microseconds(CAST(rpad(substr(p.frac, 1, 6), 6, '0') AS BIGINT))
        - to_seconds(CASE WHEN p.off IN ('', 'Z', 'z') THEN 0
            ELSE (CASE WHEN p.off[1] = '-' THEN -1 ELSE 1 END)
                * (CAST(substr(p.off, 2, 2) AS INT) * 3600 + CAST(substr(p.off, 5, 2) AS INT) * 60
                   + coalesce(TRY_CAST(substr(p.off, 8, 2) AS INT), 0)) END)
    END;
CREATE MACRO parse_instant(t) AS instant_of(iso_parts(t));
-- Rules.parseAsOf (given the parsed instant): missing or unparseable is 00:00 UTC of the dump date.
-- A vendor writes a handful of distinct as_of values per file, so the queries below parse each
-- distinct text once (the as_of_texts CTEs) and join.
CREATE MACRO as_of(instant, dump_date) AS coalesce(instant, CAST(dump_date AS TIMESTAMP));
-- Rules.store (given the spelling): ios / android from the listed spellings, else null.
CREATE MACRO store(s) AS CASE
    WHEN s IN ('ios', 'app store', 'apple', 'itunes') THEN 'ios'
    WHEN s IN ('android', 'google play', 'google_play', 'googleplay', 'gp') THEN 'android' END;
-- Rules.country: upper-cased, UK spelled GB. Rules.isIsoCountry: in Java 17's Locale.getISOCountries().
CREATE MACRO country(t) AS CASE WHEN upper(t) = 'UK' THEN 'GB' ELSE upper(t) END;
CREATE MACRO is_iso_country(c) AS coalesce(list_contains(${iso_countries}, c), false);
CREATE MACRO iso_country_or_null(c) AS CASE WHEN is_iso_country(c) THEN c END;
-- Rules.nonNegativeInteger: plain digits, or digits grouped in threes by commas; as a digit string
-- without leading zeros.
CREATE MACRO count_digits(t) AS CASE WHEN regexp_full_match(t, '\d+|\d{1,3}(,\d{3})+')
    THEN coalesce(nullif(ltrim(replace(t, ',', ''), '0'), ''), '0') END;
-- Rules.downloads (given the digits): a bigint.
CREATE MACRO downloads(d) AS CASE WHEN length(d) <= 19 THEN TRY_CAST(d AS BIGINT) END;
-- Rules.revenueUsd (given the digits): cents / 100, exact, cents below 10^20.
CREATE MACRO revenue_usd(d) AS CASE WHEN length(d) <= 20
    THEN CAST(CAST(d AS DECIMAL(20, 0)) * 0.01 AS DECIMAL(20, 2)) END;
-- Rules.isValidUnifiedAppId (Rules.unifiedAppId is lower(clean(v))).
CREATE MACRO is_valid_unified_app_id(v) AS coalesce(regexp_full_match(v, '[0-9a-f]{24}'), false);
-- Rules.network and Rules.mediaType (given the spelling).
CREATE MACRO network(s) AS CASE
    WHEN s IN ('facebook', 'instagram', 'meta', 'audience network', 'messenger') THEN 'meta'
    WHEN s IN ('tiktok', 'pangle') THEN 'tiktok'
    WHEN s IN ('google', 'google ads', 'admob', 'youtube') THEN 'google'
    WHEN s IN ('unity', 'unity ads') THEN 'unity'
    WHEN s IN ('snapchat', 'snap') THEN 'snapchat'
    WHEN s IN ('x', 'twitter') THEN 'x'
    WHEN s IN ('liftoff', 'vungle') THEN 'liftoff'
    WHEN s IN ('applovin', 'mintegral', 'ironsource') THEN s
    ELSE 'other' END;
CREATE MACRO media_type(s) AS CASE WHEN s IN ('video', 'image', 'playable', 'carousel') THEN s ELSE 'other' END;

-- @step read_lines
-- Bronze: every line of every landed file, with its file (below the landing root), dump date and
-- 1-based line number. DuckDB's CSV reader is used as a line reader (no quotes, a delimiter that
-- does not occur), so it also decompresses .gz and drops the BOM; the scan keeps file order.
CREATE TABLE lines AS
WITH scanned AS (
    SELECT filename, coalesce(raw, '') AS raw, row_number() OVER () AS ord
    FROM read_csv('${landing}/*/dump_date=*/*',
        columns = {'raw': 'VARCHAR'}, header = false, delim = chr(1), quote = '', escape = '',
        auto_detect = false, strict_mode = false, filename = true)
), located AS (
    SELECT regexp_extract(substr(filename, length('${landing}') + 2),
                          '^([^/]+)/dump_date=([^/]+)/([^/]+)$', ['source', 'dump', 'name']) AS loc, *
    FROM scanned
)
SELECT loc.source, substr(filename, length('${landing}') + 2) AS source_file,
       TRY_CAST(loc.dump AS DATE) AS dump_date, ord - min(ord) OVER (PARTITION BY filename) + 1 AS line_number, raw
FROM located
-- LandingZone and Source.accepts: a dump_date=YYYY-MM-DD folder of a known source; .csv(.gz) for
-- app_intel, .jsonl(.gz) for the others; names starting with '.' or '_' are not data files.
WHERE regexp_full_match(loc.dump, '\d{4}-\d{2}-\d{2}') AND TRY_CAST(loc.dump AS DATE) IS NOT NULL
  AND NOT regexp_matches(loc.name, '^[._]')
  AND (loc.source = 'app_intel' AND regexp_matches(lower(loc.name), '\.csv(\.gz)?$')
       OR loc.source IN ('apps', 'ad_creatives') AND regexp_matches(lower(loc.name), '\.jsonl(\.gz)?$'));

-- @step app_intel_records
-- CsvRecords.Reader: a quote left open joins the following lines into one record; still open at
-- the end of the file, each line is its own record. The first record is the header.
-- Simplified: a quote counts wherever it stands, where CsvRecords (RFC 4180) lets only a quote at
-- the start of a field open one, and the 50-line limit and the byte checks of LandedLines (too_long,
-- bad_encoding, nul_byte) are left out. The sample generator writes none of those cases (quotes
-- only around whole fields, UTF-8, short lines), so the totals agree on every generated sample.
-- Only files with a line of odd quote count can hold a multi-line record; the others' lines are
-- their records as they are.
CREATE TABLE csv_lines AS
SELECT *, (length(raw) - length(replace(raw, '"', ''))) % 2 AS odd FROM lines WHERE source = 'app_intel';
CREATE TABLE quoted_files AS SELECT DISTINCT source_file FROM csv_lines WHERE odd = 1;

CREATE TABLE csv_records AS
WITH joined AS (
    SELECT *, sum(odd) OVER (PARTITION BY source_file ORDER BY line_number
                             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) % 2 = 1 AS continues
    FROM csv_lines SEMI JOIN quoted_files USING (source_file)
), grouped AS (
    SELECT *, sum(CASE WHEN continues THEN 0 ELSE 1 END)
              OVER (PARTITION BY source_file ORDER BY line_number) AS record_no
    FROM joined
), records AS (
    SELECT source_file, any_value(dump_date) AS dump_date, record_no, min(line_number) AS line_number,
           string_agg(raw, chr(10) ORDER BY line_number) AS raw, sum(odd) % 2 = 1 AS open, count(*) AS lines
    FROM grouped GROUP BY source_file, record_no
)
-- the header is the first record, which starts on line 1
SELECT *, line_number = 1 AS is_header FROM (
    SELECT source_file, dump_date, line_number, raw FROM csv_lines ANTI JOIN quoted_files USING (source_file)
    UNION ALL
    SELECT source_file, dump_date, line_number, raw FROM records WHERE NOT open
    UNION ALL
    -- a quote still open at the end of the file: each line is its own record
    SELECT l.source_file, l.dump_date, l.line_number, l.raw
    FROM records r JOIN csv_lines l ON l.source_file = r.source_file AND l.line_number >= r.line_number
                                   AND l.line_number < r.line_number + r.lines
    WHERE r.open);
DROP TABLE csv_lines;
DROP TABLE quoted_files;

-- @step app_intel_conform
-- CsvRecords.fields: RFC 4180 fields (a field that starts with a quote runs to its closing quote,
-- "" inside is a quote). Records without a quote split on commas.
CREATE MACRO csv_fields(r) AS CASE WHEN NOT contains(r, '"') THEN string_split(r, ',')
    ELSE list_transform(regexp_extract_all(',' || r, ',("(?:[^"]|"")*"|[^,"]*)', 1),
        f -> CASE WHEN starts_with(f, '"') THEN replace(substr(f, 2, length(f) - 2), '""', '"') ELSE f END) END;

-- The header of each file: column names, trimmed, matched case-insensitively; first match wins.
CREATE TABLE csv_headers AS
SELECT source_file, len(names) AS width,
       list_position(names, 'date') AS c_date, list_position(names, 'store') AS c_store,
       list_position(names, 'app_id') AS c_app_id, list_position(names, 'unified_app_id') AS c_unified,
       list_position(names, 'app_name') AS c_name, list_position(names, 'publisher_name') AS c_publisher,
       list_position(names, 'country') AS c_country, list_position(names, 'downloads') AS c_downloads,
       list_position(names, 'revenue_cents') AS c_revenue, list_position(names, 'as_of') AS c_as_of
FROM (SELECT source_file, list_transform(csv_fields(raw), n -> lower(clean(n))) AS names
      FROM csv_records WHERE is_header);

-- AppIntelConformer: fields by header position, then the rejects in the contract's order.
CREATE TABLE app_intel_conformed AS
WITH fielded AS (
    SELECT r.source_file, r.dump_date, r.line_number, r.raw, h.*, csv_fields(r.raw) AS f
    FROM csv_records r JOIN csv_headers h USING (source_file)
    WHERE NOT r.is_header
), cleaned AS (
    SELECT source_file, dump_date, line_number, raw, width, len(f) AS fields,
           (length(raw) - length(replace(raw, '"', ''))) % 2 = 1 AS quote_open,
           clean(f[c_date]) AS date_text, spelling(clean(f[c_store])) AS store_spelling,
           clean(f[c_app_id]) AS app_id, lower(clean(f[c_unified])) AS unified_app_id, clean(f[c_name]) AS app_name,
           clean(f[c_publisher]) AS publisher_name, country(clean(f[c_country])) AS country,
           count_digits(clean(f[c_downloads])) AS downloads_digits,
           count_digits(clean(f[c_revenue])) AS revenue_digits, clean(f[c_as_of]) AS as_of_text
    FROM fielded
), as_of_texts AS (
    SELECT as_of_text, parse_instant(as_of_text) AS instant FROM (SELECT DISTINCT as_of_text FROM cleaned)
), conformed AS (
    SELECT c.*, parse_day(date_text) AS date, store(store_spelling) AS store,
           downloads(downloads_digits) AS downloads, revenue_usd(revenue_digits) AS revenue_usd,
           as_of(d.instant, dump_date) AS as_of
    FROM cleaned c LEFT JOIN as_of_texts d USING (as_of_text)
)
SELECT source_file, dump_date, line_number, raw, date, store, app_id, unified_app_id, app_name, publisher_name,
       country, downloads, revenue_usd, as_of,
       -- malformed: a quote still open, or a field count other than the header's
       CASE WHEN quote_open OR fields <> width THEN 'malformed'
            WHEN date IS NULL THEN 'bad_date'
            WHEN date > dump_date THEN 'future_date'
            WHEN store IS NULL THEN 'unknown_store'
            WHEN app_id IS NULL THEN 'missing_app_id'
            WHEN NOT is_iso_country(country) AND country IS DISTINCT FROM 'WW' THEN 'bad_country'
            WHEN downloads IS NULL THEN 'bad_downloads'
            WHEN revenue_usd IS NULL THEN 'bad_revenue'
            WHEN country = 'WW' THEN 'worldwide_total' END AS reason
FROM conformed;
DROP TABLE csv_records;

-- @step apps_conform
-- JsonRecord: one JSON object per line, else malformed; every field read in one parse, a string
-- as its text, a number as written.
CREATE MACRO json_record(raw, paths) AS
    CASE WHEN json_valid(raw) AND starts_with(ltrim(raw, ' ' || chr(9) || chr(13)), '{')
         THEN json_extract_string(raw, paths) END;

-- AppsConformer: malformed, bad_app_id; invalid HQ countries become null.
CREATE TABLE apps_conformed AS
WITH parsed AS (
    SELECT source_file, dump_date, line_number, raw,
           json_record(raw, ['$.unified_app_id', '$.app_name', '$.publisher_hq_country', '$.parent_hq_country',
                             '$.store_ids', '$.as_of']) AS v
    FROM lines WHERE source = 'apps'
), cleaned AS (
    SELECT source_file, dump_date, line_number, raw, v IS NOT NULL AS is_object,
           lower(clean(v[1])) AS unified_app_id, clean(v[2]) AS app_name,
           iso_country_or_null(country(clean(v[3]))) AS publisher_hq_country,
           iso_country_or_null(country(clean(v[4]))) AS parent_hq_country,
           CASE WHEN starts_with(v[5], '{') THEN json_extract_string(v[5], ['$.ios', '$.android']) END AS ids,
           clean(v[6]) AS as_of_text
    FROM parsed
), as_of_texts AS (
    SELECT as_of_text, parse_instant(as_of_text) AS instant FROM (SELECT DISTINCT as_of_text FROM cleaned)
)
SELECT source_file, dump_date, line_number, raw, unified_app_id, app_name,
       -- Rules.origin: the parent's country, else the publisher's, else ZZ.
       coalesce(parent_hq_country, publisher_hq_country, 'ZZ') AS origin_country,
       clean(ids[1]) AS ios_id, clean(ids[2]) AS android_id, as_of(d.instant, dump_date) AS as_of,
       CASE WHEN NOT is_object THEN 'malformed'
            WHEN NOT is_valid_unified_app_id(unified_app_id) THEN 'bad_app_id' END AS reason
FROM cleaned c LEFT JOIN as_of_texts d USING (as_of_text);

-- @step creatives_conform
-- AdCreativeConformer: malformed, bad_creative_id, bad_date / future_date (first_seen, then
-- last_seen), bad_seen_range, missing_app. Invalid countries are dropped from the list.
CREATE TABLE creatives_conformed AS
WITH parsed AS (
    SELECT source_file, dump_date, line_number, raw,
           json_record(raw, ['$.creative_id', '$.unified_app_id', '$.store', '$.app_id', '$.network',
                             '$.first_seen', '$.last_seen', '$.countries', '$.as_of']) AS v
    FROM lines WHERE source = 'ad_creatives'
), cleaned AS (
    SELECT source_file, dump_date, line_number, raw, v IS NOT NULL AS is_object,
           clean(v[1]) AS creative_id, lower(clean(v[2])) AS unified_app_id, store(spelling(clean(v[3]))) AS store,
           clean(v[4]) AS app_id, network(spelling(clean(v[5]))) AS network,
           parse_day(clean(v[6])) AS first_seen, parse_day(clean(v[7])) AS last_seen,
           -- JsonRecord.texts: an array's elements, or a lone value as a one-element list
           CASE WHEN starts_with(v[8], '[') THEN json_extract_string(v[8], '$[*]') ELSE [v[8]] END AS country_texts,
           clean(v[9]) AS as_of_text
    FROM parsed
), as_of_texts AS (
    SELECT as_of_text, parse_instant(as_of_text) AS instant FROM (SELECT DISTINCT as_of_text FROM cleaned)
)
SELECT source_file, dump_date, line_number, raw, creative_id, unified_app_id, store, app_id, network,
       first_seen, last_seen,
       list_sort(list_distinct(list_filter(list_transform(country_texts, t -> iso_country_or_null(country(clean(t)))),
                                           c -> c IS NOT NULL))) AS countries,
       as_of(d.instant, dump_date) AS as_of,
       CASE WHEN NOT is_object THEN 'malformed'
            WHEN creative_id IS NULL THEN 'bad_creative_id'
            WHEN first_seen IS NULL OR last_seen IS NULL THEN 'bad_date'
            WHEN first_seen > dump_date OR last_seen > dump_date THEN 'future_date'
            WHEN first_seen > last_seen THEN 'bad_seen_range'
            WHEN unified_app_id IS NULL AND (store IS NULL OR app_id IS NULL) THEN 'missing_app' END AS reason
FROM cleaned c LEFT JOIN as_of_texts d USING (as_of_text);
DROP TABLE lines;

-- @step silver
-- Records read (ops.row_accounting's 'read'): CSV records after the header, JSON lines.
CREATE SCHEMA ops;
CREATE TABLE ops.row_accounting AS
SELECT 'app_intel' AS source, 'read' AS metric, count(*) AS rows FROM app_intel_conformed
UNION ALL SELECT 'apps', 'read', count(*) FROM apps_conformed
UNION ALL SELECT 'ad_creatives', 'read', count(*) FROM creatives_conformed;
CREATE SCHEMA silver;
CREATE TABLE silver.quarantine AS
SELECT 'app_intel' AS source, reason, source_file, line_number, dump_date FROM app_intel_conformed WHERE reason IS NOT NULL
UNION ALL
SELECT 'apps', reason, source_file, line_number, dump_date FROM apps_conformed WHERE reason IS NOT NULL
UNION ALL
SELECT 'ad_creatives', reason, source_file, line_number, dump_date FROM creatives_conformed WHERE reason IS NOT NULL;

-- Recency: greater as_of, then dump_date, then the later file, then the later line.
CREATE TABLE silver.app_intel_daily AS
SELECT * EXCLUDE (raw, reason) FROM app_intel_conformed WHERE reason IS NULL
QUALIFY row_number() OVER (PARTITION BY date, store, app_id, country
                           ORDER BY as_of DESC, dump_date DESC, source_file DESC, line_number DESC) = 1;

CREATE TABLE silver.apps AS
SELECT * EXCLUDE (raw, reason) FROM apps_conformed WHERE reason IS NULL
QUALIFY row_number() OVER (PARTITION BY unified_app_id
                           ORDER BY as_of DESC, dump_date DESC, source_file DESC, line_number DESC) = 1;

-- One row per creative: earliest first_seen, latest last_seen, union of countries, the rest from
-- the most recent record.
CREATE TABLE silver.ad_creatives AS
SELECT creative_id, first_seen, last_seen, countries, latest.* FROM (
    SELECT creative_id, min(first_seen) AS first_seen, max(last_seen) AS last_seen,
           list_sort(list_distinct(flatten(list(countries)))) AS countries,
           arg_max({'unified_app_id': unified_app_id, 'store': store, 'app_id': app_id, 'network': network},
                   (as_of, dump_date, source_file, line_number)) AS latest
    FROM creatives_conformed WHERE reason IS NULL GROUP BY creative_id);
DROP TABLE app_intel_conformed;
DROP TABLE apps_conformed;
DROP TABLE creatives_conformed;

-- @step gold
-- AppResolution: by unified_app_id, else by store listing (a listing claimed by two apps goes to
-- the most recently described one, then the smaller id); app_key and origin.
CREATE TABLE listings AS
SELECT store, app_id, unified_app_id, app_name, origin_country FROM (
    SELECT 'ios' AS store, ios_id AS app_id, * EXCLUDE (ios_id, android_id) FROM silver.apps WHERE ios_id IS NOT NULL
    UNION ALL
    SELECT 'android', android_id, * EXCLUDE (ios_id, android_id) FROM silver.apps WHERE android_id IS NOT NULL)
QUALIFY row_number() OVER (PARTITION BY store, app_id ORDER BY as_of DESC, dump_date DESC, unified_app_id) = 1;

CREATE MACRO resolved(facts) AS TABLE
SELECT f.*,
       coalesce(a.unified_app_id, l.unified_app_id, f.unified_app_id, f.store || ':' || f.app_id) AS app_key,
       CASE WHEN a.unified_app_id IS NOT NULL THEN a.app_name ELSE l.app_name END AS resolved_app_name,
       coalesce(CASE WHEN a.unified_app_id IS NOT NULL THEN a.origin_country ELSE l.origin_country END, 'ZZ')
           AS origin_country
FROM query_table(facts) f
LEFT JOIN silver.apps a ON a.unified_app_id = f.unified_app_id
LEFT JOIN listings l ON l.store = f.store AND l.app_id = f.app_id;

CREATE SCHEMA gold;
-- GoldTables.downloadVolume: an unresolved app is named by the most recent app_name of its rows.
CREATE TABLE gold.download_volume AS
WITH r AS (SELECT * FROM resolved('silver.app_intel_daily')),
intel_names AS (
    SELECT app_key, app_name AS intel_name FROM r WHERE app_name IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY app_key
        ORDER BY as_of DESC, dump_date DESC, date DESC, source_file DESC, line_number DESC) = 1
), g AS (
    SELECT date_trunc('month', date) AS month, store, country, app_key, origin_country, resolved_app_name,
           CAST(sum(downloads) AS BIGINT) AS downloads, CAST(sum(revenue_usd) AS DECIMAL(20, 2)) AS revenue_usd
    FROM r GROUP BY ALL
)
SELECT CAST(month AS DATE) AS month, store, country, app_key, coalesce(resolved_app_name, intel_name) AS app_name,
       origin_country, downloads, revenue_usd
FROM g LEFT JOIN intel_names USING (app_key);

-- GoldTables.iapShareByOrigin.
CREATE TABLE gold.iap_share_by_origin AS
WITH periods AS (
    SELECT 'month' AS period_type, month AS period_start, origin_country, app_key, revenue_usd FROM gold.download_volume
    UNION ALL
    SELECT 'quarter', CAST(date_trunc('quarter', month) AS DATE), origin_country, app_key, revenue_usd FROM gold.download_volume
    UNION ALL
    SELECT 'year', CAST(date_trunc('year', month) AS DATE), origin_country, app_key, revenue_usd FROM gold.download_volume
), g AS (
    SELECT period_type, period_start, origin_country, CAST(sum(revenue_usd) AS DECIMAL(20, 2)) AS revenue_usd,
           count(DISTINCT CASE WHEN revenue_usd > 0 THEN app_key END) AS paying_apps
    FROM periods GROUP BY ALL
)
SELECT period_type, period_start, origin_country, revenue_usd,
       CASE WHEN sum(revenue_usd) OVER w > 0
            THEN CAST(revenue_usd AS DOUBLE) / CAST(sum(revenue_usd) OVER w AS DOUBLE) END AS share,
       paying_apps
FROM g WINDOW w AS (PARTITION BY period_type, period_start);

-- GoldTables.adMaterialCounts: a creative is active in every month from first_seen's to last_seen's.
CREATE TABLE gold.ad_material_counts AS
SELECT CAST(month AS DATE) AS month, network, origin_country, app_key,
       count(*) FILTER (WHERE CAST(date_trunc('month', first_seen) AS DATE) = month) AS new_creatives,
       count(*) AS active_creatives
FROM (SELECT *, CAST(unnest(generate_series(CAST(date_trunc('month', first_seen) AS TIMESTAMP),
                                            CAST(date_trunc('month', last_seen) AS TIMESTAMP), INTERVAL 1 MONTH))
                       AS DATE) AS month
      FROM resolved('silver.ad_creatives'))
GROUP BY ALL;
