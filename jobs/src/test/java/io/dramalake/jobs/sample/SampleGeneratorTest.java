package io.dramalake.jobs.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generates a tiny sample and checks it against the data contract with a small independent
 * validator: layout, formats, every intended reject reason, and that the summary's totals are
 * exactly what the contract's rules recount from the files.
 */
class SampleGeneratorTest {

    static final SampleOptions TINY = SampleOptions.builder()
            .days(8).appsAtStart(8).appsAtEnd(24).countries(6).creatives(400).restateDays(2).badRowShare(0.03)
            .build();

    static final Set<String> ISO = Set.of(Locale.getISOCountries());
    static final List<String> INTEL_COLUMNS = List.of("date", "store", "app_id", "unified_app_id", "app_name",
            "publisher_name", "country", "downloads", "revenue_cents", "as_of");

    @TempDir
    static Path shared;
    static SampleSummary summary;
    static Path root;

    @BeforeAll
    static void generate() throws IOException {
        root = shared.resolve("landing");
        summary = new SampleGenerator(TINY).generate(root);
    }

    // ------------------------------------------------------------------ layout and formats

    @Test
    void writesOneDumpFolderPerDayForEachSource() throws IOException {
        verifyLayout(TINY, root, summary);
    }

    static void verifyLayout(SampleOptions options, Path root, SampleSummary summary) throws IOException {
        List<String> expected = new ArrayList<>();
        for (int d = 1; d <= options.days(); d++) expected.add("dump_date=" + options.startDate().plusDays(d));
        assertEquals(List.of("ad_creatives", "app_intel", "apps"), list(root));
        long files = 0;
        for (String source : SampleGenerator.SOURCES) {
            assertEquals(expected, list(root.resolve(source)), source);
            for (String dump : expected) {
                List<String> names = list(root.resolve(source).resolve(dump));
                assertFalse(names.isEmpty(), source + "/" + dump);
                String ext = source.equals("app_intel") ? ".csv" : ".jsonl";
                for (String n : names) assertTrue(n.endsWith(ext) || n.endsWith(ext + ".gz"), n);
                files += names.size();
            }
        }
        assertEquals(summary.filesWritten(), files);
        List<Path> all = files(root);
        assertTrue(all.stream().anyMatch(p -> p.toString().endsWith(".gz")));
        assertTrue(all.stream().anyMatch(p -> !p.toString().endsWith(".gz")));
        long bytes = 0;
        for (Path p : all) bytes += Files.size(p);
        assertEquals(summary.bytesWritten(), bytes);
        for (Path p : all) {
            byte[] content = read(p); // gunzips .gz files, throws if they are not gzip
            // apps delta dumps on days without a launch are empty files (vendors do that); nothing else is
            assertTrue(content.length > 0 || p.toString().contains("/apps/"), p.toString());
        }
    }

    @Test
    void csvHeadersHaveEveryContractColumnInSomeCaseAndOrder() throws IOException {
        boolean bom = false, shuffled = false, extra = false, cased = false;
        for (Path p : files(root.resolve("app_intel"))) {
            String text = new String(read(p), StandardCharsets.UTF_8);
            if (text.startsWith("\uFEFF")) {
                bom = true;
                text = text.substring(1);
            }
            List<String> header = parseCsv(text).get(0);
            List<String> lower = header.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toList());
            assertTrue(lower.containsAll(INTEL_COLUMNS), p + ": " + header);
            shuffled |= !lower.subList(0, 10).equals(INTEL_COLUMNS);
            extra |= lower.size() > INTEL_COLUMNS.size();
            cased |= !header.equals(lower);
        }
        assertTrue(bom && shuffled && extra && cased, "bom " + bom + " shuffled " + shuffled + " extra " + extra + " cased " + cased);
    }

    @Test
    void jsonLinesHaveTheContractFields() throws IOException {
        for (String source : List.of("apps", "ad_creatives")) {
            long ok = 0;
            for (Path p : files(root.resolve(source))) {
                for (String line : lines(p)) {
                    Object v = Json.parseOrNull(line);
                    if (!(v instanceof Map)) continue; // the malformed ones, counted elsewhere
                    Map<?, ?> m = (Map<?, ?>) v;
                    List<String> required = source.equals("apps")
                            ? List.of("unified_app_id", "app_name", "publisher_name", "publisher_hq_country", "store_ids")
                            : List.of("creative_id", "unified_app_id", "store", "app_id", "network", "media_type",
                                    "first_seen", "last_seen", "countries", "language", "impressions");
                    for (String f : required) assertTrue(m.containsKey(f), source + " lacks " + f + ": " + line);
                    if (source.equals("apps")) {
                        assertTrue(m.get("store_ids") instanceof Map, line);
                    } else {
                        assertTrue(m.get("countries") instanceof List, line);
                    }
                    ok++;
                }
            }
            assertTrue(ok > 0, source);
        }
    }

    // ------------------------------------------------------------------ recount by the contract's rules

    @Test
    void everyRejectReasonIsPresent() {
        for (String source : SampleGenerator.SOURCES) {
            for (String reason : SampleGenerator.reasons(source)) {
                assertTrue(summary.badRows(source, reason) >= 1, source + ":" + reason);
            }
        }
        assertTrue(summary.warnings().getOrDefault("apps:invalid_hq_country", 0L) >= 1);
        assertEquals(1, summary.notes().size());
    }

    @Test
    void summaryEqualsWhatTheContractRulesRecountFromTheFiles() throws IOException {
        verifyRecount(TINY, root, summary);
    }

    static void verifyRecount(SampleOptions options, Path root, SampleSummary summary) throws IOException {
        Recount r = new Recount();
        r.apps(root.resolve("apps"));
        r.intel(root.resolve("app_intel"));
        r.creatives(root.resolve("ad_creatives"));

        assertEquals(summary.linesBySource(), r.lines, "lines");
        assertEquals(new TreeMap<>(summary.badRows()), r.rejects, "rejects by reason");
        assertEquals(new TreeMap<>(summary.excludedRows()), r.excluded, "excluded");
        assertEquals(new TreeMap<>(summary.warnings()), r.warnings, "warnings");

        assertEquals(summary.validAppIntelRows(), r.intelFacts.size());
        long downloads = 0, revenue = 0, cn = 0;
        Map<String, Long> byApp = new HashMap<>();
        for (IntelRow row : r.intelFacts.values()) {
            downloads += row.downloads;
            revenue += row.revenue;
            String appKey = r.appKey(row);
            byApp.merge(appKey, row.revenue, Long::sum);
            if ("CN".equals(r.origin(row))) cn += row.revenue;
        }
        assertEquals(summary.totalDownloads(), downloads);
        assertEquals(summary.totalRevenueCents(), revenue);
        assertEquals(summary.chinaBackedRevenueCents(), cn);
        assertEquals(summary.distinctApps(), byApp.size());
        long top20 = byApp.values().stream().sorted(Comparator.reverseOrder()).limit(20).mapToLong(Long::longValue).sum();
        assertEquals(summary.top20RevenueCents(), top20);
        assertEquals(summary.appsInMetadata(), r.apps.size());
        assertEquals(summary.distinctCreatives(), r.creativeIds.size());
        assertEquals(options.creatives(), summary.distinctCreatives());
        assertEquals(options.appsAtEnd(), summary.distinctApps());

        // restatements happened, and the ownership change is visible in the apps dumps
        assertTrue(r.superseded > 0);
        assertTrue(r.originsSeen.values().stream().anyMatch(s -> s.size() > 1), "an app changes origin");
        // creatives re-appear with a later last_seen
        assertTrue(r.creativeListings > r.creativeIds.size());
        assertTrue(r.lastSeenGrew > 0);
        assertTrue(summary.totalDownloads() > 0 && summary.totalRevenueCents() > 0);
        assertTrue(summary.format().contains("bad rows by intended reject reason"));
    }

    // ------------------------------------------------------------------ determinism, options, escaping

    @Test
    void sameOptionsSameBytesOtherSeedOtherBytes(@TempDir Path tmp) throws IOException {
        Path a = tmp.resolve("a"), b = tmp.resolve("b"), c = tmp.resolve("c");
        SampleOptions small = TINY.withDays(4).withCreatives(100);
        SampleSummary sa = new SampleGenerator(small).generate(a, 1);
        SampleSummary sb = new SampleGenerator(small).generate(b, 3); // the thread count does not matter
        assertEquals(sa, sb);
        List<Path> fa = files(a), fb = files(b);
        assertEquals(fa.stream().map(a::relativize).collect(Collectors.toList()),
                fb.stream().map(b::relativize).collect(Collectors.toList()));
        for (Path p : fa) {
            assertEquals(-1L, Files.mismatch(p, b.resolve(a.relativize(p))), p.toString());
        }
        new SampleGenerator(small.withSeed(7)).generate(c);
        Path intel = a.relativize(fa.stream().filter(p -> p.toString().contains("app_intel")).findFirst().orElseThrow());
        assertNotEquals(-1L, Files.mismatch(a.resolve(intel), c.resolve(intel)));
    }

    @Test
    void cleanSampleHasNoMessAndNoBadRowsWhenAskedSo(@TempDir Path tmp) throws IOException {
        SampleOptions clean = TINY.withDays(3).withMessy(false).withBadRowShare(0);
        SampleSummary s = new SampleGenerator(clean).generate(tmp);
        assertEquals(0, s.totalBadRows());
        assertTrue(s.excludedRows().isEmpty() && s.warnings().isEmpty());
        for (Path p : files(tmp)) {
            assertFalse(p.toString().endsWith(".gz"));
            if (p.toString().endsWith(".csv")) {
                assertTrue(lines(p).get(0).equals(String.join(",", INTEL_COLUMNS)));
            }
        }
        Recount r = new Recount();
        r.apps(tmp.resolve("apps"));
        r.intel(tmp.resolve("app_intel"));
        r.creatives(tmp.resolve("ad_creatives"));
        assertEquals(s.totalDownloads(), r.intelFacts.values().stream().mapToLong(x -> x.downloads).sum());
        assertEquals(s.validAppIntelRows(), r.intelFacts.size());
    }

    @Test
    void optionsDefaultsAndMarketScale() {
        SampleOptions d = SampleOptions.defaults();
        assertEquals(42, d.seed());
        assertEquals(LocalDate.of(2025, 1, 1), d.startDate());
        assertEquals(60, d.days());
        assertEquals(40, d.appsAtStart());
        assertEquals(120, d.appsAtEnd());
        assertEquals(20, d.countries());
        assertEquals(3000, d.creatives());
        assertEquals(3, d.restateDays());
        assertEquals(0.01, d.badRowShare());
        assertTrue(d.messy());
        SampleOptions m = SampleOptions.market2025();
        assertEquals(365, m.days());
        assertEquals(200, m.appsAtStart());
        assertEquals(1100, m.appsAtEnd());
        assertEquals(60, m.countries());
        assertEquals(14_000_000L, m.creatives());
        assertEquals(LocalDate.of(2025, 12, 31), m.endDate());
        assertEquals(d, SampleOptions.builder().build());
        assertEquals(7, d.withSeed(7).seed());
        assertEquals(42, d.seed(), "withX leaves the original alone");
        assertThrows(IllegalArgumentException.class, () -> d.withApps(10, 5));
        assertThrows(IllegalArgumentException.class, () -> d.withCountries(SampleOptions.MAX_COUNTRIES + 1));
        for (String code : Markets.CODE) assertTrue(ISO.contains(code), code);
        assertEquals(60, Markets.COUNT);
    }

    @Test
    void marketCalibrationMatchesThePublishedReferencePoints() {
        Universe u = new Universe(SampleOptions.market2025());
        assertEquals(1.855e9, u.expectedDownloadsTotal, 1);
        assertEquals(2.28e11, u.expectedRevenueTotal, 1);
        double total = 0, cn = 0;
        double[] r = u.expectedRevenue.clone();
        for (int i = 0; i < u.n; i++) {
            total += r[i];
            if ("CN".equals(u.origin[i])) cn += r[i];
        }
        Arrays.sort(r);
        double top = 0;
        for (int i = r.length - 20; i < r.length; i++) top += r[i];
        assertEquals(0.949, cn / total, 0.002);
        assertEquals(0.83, top / total, 0.02);
        assertEquals(1100, u.n);
        assertEquals(200, u.activeApps(0));
    }

    @Test
    void escapersRoundTrip() {
        String[] tricky = {"plain", "comma, inside", "quote \" inside", "\"quoted\"", "back\\slash", "tab\tand\nnewline",
                "ctrl \u0001 \u001f", "caf\u00e9 \u77ed\u5267 \uD83C\uDFAC", "line\u2028sep", ""};
        for (String s : tricky) {
            String json = new String(ByteSink.jsonBytes(s), StandardCharsets.UTF_8);
            assertEquals(s, Json.parseOrNull(json), json);
            String csv = new String(ByteSink.csvBytes(s), StandardCharsets.UTF_8);
            List<List<String>> rows = parseCsv("a," + csv + ",b\n");
            assertEquals(List.of(List.of("a", s, "b")), rows, csv);
        }
        ByteSink b = new ByteSink(OutputStream.nullOutputStream(), 0);
        b.grouped(12_345_678L).b(' ').grouped(999).b(' ').num(-42).b(' ').num(Long.MIN_VALUE);
        b.b(' ').date(2025, 3, 1, ByteSink.SLASH).b(' ').date(2025, 3, 1, ByteSink.COMPACT).b(' ').hex16(0xABCL);
        assertEquals("12,345,678 999 -42 -9223372036854775808 2025/03/01 20250301 0000000000000abc",
                new String(b.toByteArray(), StandardCharsets.US_ASCII));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ByteSink s = new ByteSink(out, 0)) {
            s.num(7);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertEquals("7", out.toString(StandardCharsets.US_ASCII));
    }

    // ================================================================== a small contract validator

    static final class IntelRow {
        LocalDate date;
        String store;
        String appId;
        String unified;
        String country;
        long downloads;
        long revenue;
        Instant asOf;
        LocalDate dump;
        String raw;
    }

    static final class AppRec {
        String uid;
        String pubHq;
        String parentHq;
        String ios;
        String android;
        Instant asOf;
        LocalDate dump;
    }

    /** Re-derives everything the summary claims, following the contract's rules literally. */
    static final class Recount {
        final Map<String, Long> lines = new HashMap<>();
        final TreeMap<String, Long> rejects = new TreeMap<>();
        final TreeMap<String, Long> excluded = new TreeMap<>();
        final TreeMap<String, Long> warnings = new TreeMap<>();
        final Map<String, AppRec> apps = new HashMap<>();
        final Map<String, Set<String>> originsSeen = new HashMap<>();
        final Map<String, IntelRow> intelFacts = new HashMap<>();
        final Set<String> creativeIds = new HashSet<>();
        final Map<String, LocalDate> creativeLast = new HashMap<>();
        long superseded;
        long creativeListings;
        long lastSeenGrew;
        private final Map<String, String> storeIndex = new HashMap<>();

        Recount() {
            for (String s : SampleGenerator.SOURCES) {
                lines.put(s, 0L);
                for (String r : SampleGenerator.reasons(s)) rejects.put(s + ":" + r, 0L);
            }
        }

        void reject(String source, String reason) {
            rejects.merge(source + ":" + reason, 1L, Long::sum);
        }

        void apps(Path dir) throws IOException {
            for (Path p : files(dir)) {
                LocalDate dump = dumpDate(p);
                String prev = null;
                for (String line : lines(p)) {
                    lines.merge("apps", 1L, Long::sum);
                    if (line.equals(prev)) excluded.merge("apps:duplicate", 1L, Long::sum);
                    prev = line;
                    Object v = Json.parseOrNull(line);
                    if (!(v instanceof Map)) {
                        reject("apps", "malformed");
                        continue;
                    }
                    Map<?, ?> m = (Map<?, ?>) v;
                    String uid = str(m.get("unified_app_id"));
                    uid = uid == null ? null : uid.toLowerCase(Locale.ROOT);
                    if (uid == null || !uid.matches("[0-9a-f]{24}")) {
                        reject("apps", "bad_app_id");
                        continue;
                    }
                    AppRec a = new AppRec();
                    a.uid = uid;
                    a.pubHq = hq(str(m.get("publisher_hq_country")));
                    a.parentHq = hq(str(m.get("parent_hq_country")));
                    Map<?, ?> ids = (Map<?, ?>) m.get("store_ids");
                    a.ios = ids == null ? null : str(ids.get("ios"));
                    a.android = ids == null ? null : str(ids.get("android"));
                    a.dump = dump;
                    a.asOf = asOf(str(m.get("as_of")), dump);
                    originsSeen.computeIfAbsent(uid, k -> new HashSet<>()).add(origin(a));
                    AppRec old = apps.get(uid);
                    if (old == null || newer(a.asOf, a.dump, old.asOf, old.dump)) apps.put(uid, a);
                }
            }
            for (AppRec a : apps.values()) {
                if (a.ios != null) storeIndex.put("ios:" + a.ios, a.uid);
                if (a.android != null) storeIndex.put("android:" + a.android, a.uid);
            }
        }

        private String hq(String code) {
            if (code == null) return null;
            String c = country(code);
            if (c == null) {
                warnings.merge("apps:invalid_hq_country", 1L, Long::sum);
            }
            return c;
        }

        static String origin(AppRec a) {
            return a.parentHq != null ? a.parentHq : a.pubHq != null ? a.pubHq : "ZZ";
        }

        void intel(Path dir) throws IOException {
            for (Path p : files(dir)) {
                LocalDate dump = dumpDate(p);
                String text = new String(read(p), StandardCharsets.UTF_8);
                if (text.startsWith("\uFEFF")) text = text.substring(1);
                List<String> raw = Arrays.asList(text.split("\r?\n", -1));
                List<List<String>> rows = parseCsv(text);
                List<String> header = rows.get(0).stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toList());
                Map<String, Integer> col = new HashMap<>();
                for (int i = 0; i < header.size(); i++) col.put(header.get(i), i);
                assertEquals(rows.size(), raw.size() - 1, "one CSV record per line"); // last element: after final EOL
                for (int r = 1; r < rows.size(); r++) {
                    lines.merge("app_intel", 1L, Long::sum);
                    if (raw.get(r).equals(raw.get(r - 1))) excluded.merge("app_intel:duplicate", 1L, Long::sum);
                    List<String> f = rows.get(r);
                    if (f.size() != header.size()) {
                        reject("app_intel", "malformed");
                        continue;
                    }
                    IntelRow x = new IntelRow();
                    x.dump = dump;
                    x.raw = raw.get(r);
                    x.date = date(cell(f, col, "date"));
                    if (x.date == null) {
                        reject("app_intel", "bad_date");
                        continue;
                    }
                    if (x.date.isAfter(dump)) {
                        reject("app_intel", "future_date");
                        continue;
                    }
                    x.store = store(cell(f, col, "store"));
                    if (x.store == null) {
                        reject("app_intel", "unknown_store");
                        continue;
                    }
                    x.appId = cell(f, col, "app_id");
                    if (x.appId == null) {
                        reject("app_intel", "missing_app_id");
                        continue;
                    }
                    String c = cell(f, col, "country");
                    boolean ww = c != null && c.equalsIgnoreCase("WW");
                    x.country = ww ? "WW" : country(c);
                    if (x.country == null) {
                        reject("app_intel", "bad_country");
                        continue;
                    }
                    Long dl = count(cell(f, col, "downloads"));
                    if (dl == null) {
                        reject("app_intel", "bad_downloads");
                        continue;
                    }
                    Long rev = count(cell(f, col, "revenue_cents"));
                    if (rev == null) {
                        reject("app_intel", "bad_revenue");
                        continue;
                    }
                    if (ww) {
                        if (!x.raw.equals(raw.get(r - 1))) excluded.merge("app_intel:worldwide_total", 1L, Long::sum);
                        continue;
                    }
                    x.downloads = dl;
                    x.revenue = rev;
                    x.unified = cell(f, col, "unified_app_id");
                    x.asOf = asOf(cell(f, col, "as_of"), dump);
                    String key = x.date + "|" + x.store + "|" + x.appId + "|" + x.country;
                    IntelRow old = intelFacts.get(key);
                    if (old == null) {
                        intelFacts.put(key, x);
                    } else {
                        superseded++;
                        boolean same = old.asOf.equals(x.asOf) && old.dump.equals(x.dump);
                        if (same) {
                            assertTrue(old.downloads == x.downloads && old.revenue == x.revenue, "ambiguous: " + key);
                        } else if (newer(x.asOf, x.dump, old.asOf, old.dump)) {
                            intelFacts.put(key, x);
                        }
                    }
                }
            }
        }

        String resolve(String unified, String store, String appId) {
            if (unified != null && apps.containsKey(unified.toLowerCase(Locale.ROOT))) return unified.toLowerCase(Locale.ROOT);
            return store == null || appId == null ? null : storeIndex.get(store + ":" + appId);
        }

        String appKey(IntelRow r) {
            String app = resolve(r.unified, r.store, r.appId);
            if (app != null) return app;
            return r.unified != null ? r.unified.toLowerCase(Locale.ROOT) : r.store + ":" + r.appId;
        }

        String origin(IntelRow r) {
            String app = resolve(r.unified, r.store, r.appId);
            return app == null ? "ZZ" : origin(apps.get(app));
        }

        void creatives(Path dir) throws IOException {
            for (Path p : files(dir)) {
                LocalDate dump = dumpDate(p);
                String prev = null;
                for (String line : lines(p)) {
                    lines.merge("ad_creatives", 1L, Long::sum);
                    if (line.equals(prev)) excluded.merge("ad_creatives:duplicate", 1L, Long::sum);
                    prev = line;
                    Object v = Json.parseOrNull(line);
                    if (!(v instanceof Map)) {
                        reject("ad_creatives", "malformed");
                        continue;
                    }
                    Map<?, ?> m = (Map<?, ?>) v;
                    String id = str(m.get("creative_id"));
                    if (id == null) {
                        reject("ad_creatives", "bad_creative_id");
                        continue;
                    }
                    String fs = str(m.get("first_seen")), ls = str(m.get("last_seen"));
                    LocalDate first = date(fs), last = date(ls);
                    if (first == null || last == null) {
                        reject("ad_creatives", "bad_date");
                        continue;
                    }
                    if (first.isAfter(dump) || last.isAfter(dump)) {
                        reject("ad_creatives", "future_date");
                        continue;
                    }
                    if (first.isAfter(last)) {
                        reject("ad_creatives", "bad_seen_range");
                        continue;
                    }
                    String store = str(m.get("store"));
                    store = store == null ? null : store(store);
                    if (str(m.get("unified_app_id")) == null && (store == null || str(m.get("app_id")) == null)) {
                        reject("ad_creatives", "missing_app");
                        continue;
                    }
                    creativeListings++;
                    creativeIds.add(id);
                    LocalDate before = creativeLast.put(id, last);
                    if (before != null && last.isAfter(before)) lastSeenGrew++;
                }
            }
        }
    }

    // ------------------------------------------------------------------ conformance helpers

    static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    static final Pattern SLASH_DATE = Pattern.compile("\\d{4}/\\d{2}/\\d{2}");
    static final Pattern COMPACT_DATE = Pattern.compile("\\d{8}");
    static final Pattern COUNT = Pattern.compile("\\d+|\\d{1,3}(,\\d{3})+");

    static LocalDate date(String s) {
        if (s == null) return null;
        String t;
        if (ISO_DATE.matcher(s).matches()) t = s;
        else if (SLASH_DATE.matcher(s).matches()) t = s.replace('/', '-');
        else if (COMPACT_DATE.matcher(s).matches()) t = s.substring(0, 4) + "-" + s.substring(4, 6) + "-" + s.substring(6);
        else return null;
        try {
            return LocalDate.parse(t);
        } catch (DateTimeException e) {
            return null;
        }
    }

    static String store(String s) {
        if (s == null) return null;
        switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "ios": case "app store": case "apple": case "itunes": return "ios";
            case "android": case "google play": case "google_play": case "googleplay": case "gp": return "android";
            default: return null;
        }
    }

    static String country(String s) {
        if (s == null) return null;
        String c = s.trim().toUpperCase(Locale.ROOT);
        if (c.equals("UK")) c = "GB";
        return ISO.contains(c) ? c : null;
    }

    static Long count(String s) {
        if (s == null || !COUNT.matcher(s).matches()) return null;
        return Long.parseLong(s.replace(",", ""));
    }

    static Instant asOf(String s, LocalDate dump) {
        if (s != null) {
            try {
                return Instant.parse(s);
            } catch (DateTimeException e) {
                // fall through
            }
        }
        return dump.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    static boolean newer(Instant a, LocalDate da, Instant b, LocalDate db) {
        int c = a.compareTo(b);
        return c > 0 || c == 0 && da.isAfter(db);
    }

    static String cell(List<String> f, Map<String, Integer> col, String name) {
        String v = f.get(col.get(name)).trim();
        return v.isEmpty() ? null : v;
    }

    static String str(Object o) {
        if (o == null || o == Json.NULL) return null;
        String s = o instanceof BigDecimal ? ((BigDecimal) o).toPlainString() : o.toString();
        s = s.trim();
        return s.isEmpty() ? null : s;
    }

    // ------------------------------------------------------------------ file helpers

    static LocalDate dumpDate(Path file) {
        String d = file.getParent().getFileName().toString();
        assertTrue(d.startsWith("dump_date="), d);
        return LocalDate.parse(d.substring("dump_date=".length()));
    }

    static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
    }

    static byte[] read(Path p) throws IOException {
        try (InputStream in = p.toString().endsWith(".gz")
                ? new GZIPInputStream(Files.newInputStream(p)) : Files.newInputStream(p)) {
            return in.readAllBytes();
        }
    }

    static List<String> lines(Path p) throws IOException {
        String text = new String(read(p), StandardCharsets.UTF_8);
        assertTrue(text.isEmpty() || text.endsWith("\n"), p.toString());
        return text.isEmpty() ? List.of() : Arrays.asList(text.substring(0, text.length() - 1).split("\n", -1));
    }

    /** RFC 4180: quoted fields, doubled quotes, CRLF or LF line ends. */
    static List<List<String>> parseCsv(String s) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        int i = 0, n = s.length();
        boolean any = false;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '"' && f.length() == 0) {
                i++;
                while (true) {
                    if (i >= n) throw new IllegalArgumentException("unterminated quote");
                    char q = s.charAt(i++);
                    if (q == '"') {
                        if (i < n && s.charAt(i) == '"') {
                            f.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        f.append(q);
                    }
                }
                any = true;
            } else if (c == ',') {
                row.add(f.toString());
                f.setLength(0);
                i++;
                any = true;
            } else if (c == '\r' || c == '\n') {
                row.add(f.toString());
                rows.add(row);
                row = new ArrayList<>();
                f.setLength(0);
                i += c == '\r' && i + 1 < n && s.charAt(i + 1) == '\n' ? 2 : 1;
                any = false;
            } else {
                f.append(c);
                i++;
                any = true;
            }
        }
        if (any || f.length() > 0) {
            row.add(f.toString());
            rows.add(row);
        }
        return rows;
    }

    /** A minimal strict JSON parser: objects become LinkedHashMaps, numbers BigDecimals, null {@link #NULL}. */
    static final class Json {
        static final Object NULL = new Object();
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        /** The parsed value (null → {@link #NULL}), or Java null if the text is not exactly one JSON value. */
        static Object parseOrNull(String text) {
            try {
                Json j = new Json(text);
                Object v = j.value();
                j.ws();
                return j.i == text.length() ? v : null;
            } catch (RuntimeException e) {
                return null;
            }
        }

        private void ws() {
            while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) i++;
        }

        private Object value() {
            ws();
            char c = s.charAt(i);
            if (c == '{') {
                i++;
                Map<String, Object> m = new LinkedHashMap<>();
                ws();
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                while (true) {
                    ws();
                    if (s.charAt(i) != '"') throw new IllegalArgumentException("key");
                    String k = string();
                    ws();
                    expect(':');
                    Object v = value();
                    m.put(k, v == NULL ? null : v);
                    ws();
                    if (s.charAt(i) == ',') {
                        i++;
                    } else {
                        expect('}');
                        return m;
                    }
                }
            }
            if (c == '[') {
                i++;
                List<Object> l = new ArrayList<>();
                ws();
                if (s.charAt(i) == ']') {
                    i++;
                    return l;
                }
                while (true) {
                    l.add(value());
                    ws();
                    if (s.charAt(i) == ',') {
                        i++;
                    } else {
                        expect(']');
                        return l;
                    }
                }
            }
            if (c == '"') return string();
            if (s.startsWith("null", i)) {
                i += 4;
                return NULL;
            }
            if (s.startsWith("true", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("false", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
            if (start == i) throw new IllegalArgumentException("value at " + i);
            return new BigDecimal(s.substring(start, i));
        }

        private void expect(char c) {
            if (s.charAt(i) != c) throw new IllegalArgumentException("expected " + c + " at " + i);
            i++;
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') return b.toString();
                if (c < 0x20) throw new IllegalArgumentException("control character in string");
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case '"': b.append('"'); break;
                    case '\\': b.append('\\'); break;
                    case '/': b.append('/'); break;
                    case 'b': b.append('\b'); break;
                    case 'f': b.append('\f'); break;
                    case 'n': b.append('\n'); break;
                    case 'r': b.append('\r'); break;
                    case 't': b.append('\t'); break;
                    case 'u':
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                        break;
                    default: throw new IllegalArgumentException("escape \\" + e);
                }
            }
        }
    }
}
