package io.dramalake.jobs.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code ad_creatives}: ad-intelligence creative records as JSON Lines.
 *
 * <p>Creatives are numbered 0 .. creatives-1 in order of their first day; every attribute of
 * creative {@code c} (app, network, media type, markets, language, life span, impressions) is a
 * hash of (seed, c), so a creative can be re-derived in any later dump without being stored.
 * A creative first seen on day f is listed in dump f (window: day f) and again every seventh dump
 * while it keeps running, each time with a later {@code last_seen}, grown impressions and possibly
 * more countries; the last listing carries its true last day.
 */
final class CreativesWriter extends SourceWriter {
    static final String SOURCE = "ad_creatives";
    static final String[] REASONS = {"malformed", "bad_creative_id", "bad_date", "future_date", "bad_seen_range",
            "missing_app"};
    private static final int MALFORMED = 0, BAD_CREATIVE_ID = 1, BAD_DATE = 2, FUTURE_DATE = 3, BAD_SEEN_RANGE = 4,
            MISSING_APP = 5;
    static final int MAX_LIFE = 120;
    static final int REPORT_EVERY = 7;
    private static final int MAX_COUNTRIES = 12;

    /** Network spellings as vendors deliver them, with relative frequency; the last six are not in the contract's list. */
    private static final Object[][] NETWORKS = {
            {"Facebook", 14.0}, {"Instagram", 8.0}, {"Audience Network", 4.0}, {"Meta", 3.0}, {"Messenger", 0.5},
            {"facebook", 1.5}, {"TikTok", 14.0}, {"tiktok", 2.0}, {"Pangle", 5.0}, {"AdMob", 5.0}, {"YouTube", 4.0},
            {"Google Ads", 5.0}, {"Google", 1.0}, {"AppLovin", 6.0}, {"applovin", 1.0}, {"Unity Ads", 4.0},
            {"Unity", 1.0}, {"Mintegral", 5.0}, {"ironSource", 3.0}, {"IronSource", 1.0}, {"Snapchat", 2.0},
            {"Snap", 1.0}, {"Twitter", 1.0}, {"X", 1.0}, {"Liftoff", 1.5}, {"Vungle", 1.5},
            {"Moloco", 2.0}, {"Kwai", 1.5}, {"Bigo Ads", 1.0}, {"Taboola", 0.5}, {"TikTok Ads", 0.5}, {"Pinterest", 0.5},
    };
    private static final Object[][] MEDIA = {
            {"video", 50.0}, {"Video", 15.0}, {"VIDEO", 5.0}, {"image", 10.0}, {"Image", 4.0}, {"IMAGE", 1.0},
            {"playable", 5.0}, {"Playable", 2.0}, {"carousel", 3.0}, {"Carousel", 1.0},
            {"html5", 1.5}, {"gif", 1.0}, {"interactive", 1.0}, {"Rich Media", 0.5},
    };
    private static final String[] BAD_COUNTRY_CODES = {"XX", "EU", "Europe", "LATAM", "U.S.", "ZZ"};
    private static final String[] BAD_DATES = {"2025-13-01", "31.01.2025", "yesterday", "01/02/2025", "2025_03_01", "n/a"};
    private static final String[] UNKNOWN_STORES = {"web", "amazon", "huawei"};

    // JSON keys and constants, pre-encoded
    private static final byte[] OPEN_CREATIVE_ID = ascii("{\"creative_id\":");
    private static final byte[] KEY_UNIFIED_APP_ID = ascii(",\"unified_app_id\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] KEY_STORE = ascii(",\"store\":");
    private static final byte[] KEY_APP_ID = ascii(",\"app_id\":");
    private static final byte[] KEY_NETWORK = ascii(",\"network\":");
    private static final byte[] KEY_MEDIA_TYPE = ascii(",\"media_type\":");
    private static final byte[] KEY_FIRST_SEEN = ascii(",\"first_seen\":");
    private static final byte[] KEY_LAST_SEEN = ascii(",\"last_seen\":");
    private static final byte[] KEY_COUNTRIES = ascii(",\"countries\":[");
    private static final byte[] KEY_LANGUAGE = ascii(",\"language\":");
    private static final byte[] KEY_IMPRESSIONS = ascii(",\"impressions\":");
    private static final byte[] KEY_AS_OF = ascii(",\"as_of\":\"");
    private static final byte[] UK_QUOTED = ascii("\"UK\"");
    private static final byte[][] NET_B = bytes(NETWORKS);
    private static final double[] NET_CUM = cumulative(NETWORKS);
    private static final byte[][] MEDIA_B = bytes(MEDIA);
    private static final double[] MEDIA_CUM = cumulative(MEDIA);
    private static final byte[][] IOS_B = jsonAll(AppIntelWriter.IOS_SPELLINGS);
    private static final byte[][] ANDROID_B = jsonAll(AppIntelWriter.ANDROID_SPELLINGS);
    private static final byte[][] LANG_B = jsonAll(Markets.LANG);
    private static final byte[][] CC_UP = new byte[Markets.COUNT][];
    private static final byte[][] CC_LOW = new byte[Markets.COUNT][];
    private static final int GB = Markets.indexOf("GB");

    static {
        for (int m = 0; m < Markets.COUNT; m++) {
            CC_UP[m] = ByteSink.jsonBytes(Markets.CODE[m]);
            CC_LOW[m] = ByteSink.jsonBytes(Markets.CODE[m].toLowerCase(Locale.ROOT));
        }
    }

    long distinctCreatives;

    private ByteSink sink;
    private Mix.Rng rng;
    private boolean messy;
    private byte[] asOf;
    private int dumpRel;
    private final long idSalt;
    private final int[] picked = new int[MAX_COUNTRIES];

    // the creative being written
    private long cId;
    private int cFirst;
    private int cLast;
    private int cApp;
    private int cStore;
    private int cNet;
    private int cMedia;
    private int cCountries;
    private int cShown;
    private long cHash;
    private long cImpressions;

    CreativesWriter(Universe u, Path root) {
        super(u, root, SOURCE, REASONS);
        idSalt = Mix.hash(u.seed, 0x1D5A17L);
    }

    @Override
    void mergeFrom(SourceWriter w) {
        super.mergeFrom(w);
        CreativesWriter x = (CreativesWriter) w;
        distinctCreatives += x.distinctCreatives;
    }

    @Override
    void writeDump(int i) throws IOException {
        Path dir = dumpDir(i);
        rng = new Mix.Rng(Mix.hash(u.seed, 0xC4EA7E5L, i));
        messy = o.messy();
        dumpRel = i + 1;
        int hour = messy ? 1 + rng.below(5) : 5;
        asOf = (u.cal.iso(dumpRel) + "T0" + hour + ":15:00Z").getBytes(StandardCharsets.US_ASCII);
        String stamp = u.cal.compact(dumpRel);
        if (messy && i % 4 == 1 && i >= REPORT_EVERY) { // new creatives and re-listed ones in separate files
            Path a = dir.resolve("ad_creatives_" + stamp + "_new.jsonl");
            Path b = dir.resolve("ad_creatives_" + stamp + "_relisted.jsonl.gz");
            sink = open(a, false);
            writeNew(i);
            close(sink, a);
            sink = open(b, true);
            writeRelisted(i);
            close(sink, b);
        } else {
            boolean gz = messy && i % 2 == 0;
            Path f = dir.resolve("ad_creatives_" + stamp + (gz ? ".jsonl.gz" : ".jsonl"));
            sink = open(f, gz);
            writeNew(i);
            writeRelisted(i);
            close(sink, f);
        }
        sink = null;
    }

    /** Creatives first seen on day i. */
    private void writeNew(int i) throws IOException {
        long end = u.creativeStart[i + 1];
        for (long c = u.creativeStart[i]; c < end; c++) {
            derive(c, i, 0);
            writeValid();
            distinctCreatives++;
        }
    }

    /** Creatives first seen on day i - 7k that were still running after their previous listing. */
    private void writeRelisted(int i) throws IOException {
        for (int k = 1; REPORT_EVERY * (k - 1) < MAX_LIFE - 1; k++) {
            int f = i - REPORT_EVERY * k;
            if (f < 0) break;
            long end = u.creativeStart[f + 1];
            for (long c = u.creativeStart[f]; c < end; c++) {
                long h = Mix.hash(u.seed ^ 0xC4EA7L, c);
                int life = life(h);
                if (REPORT_EVERY * (k - 1) < life - 1) {
                    derive(c, f, k);
                    writeValid();
                }
            }
        }
    }

    /** Life span in days: mostly a few days, one in eight runs for weeks. */
    private static int life(long h) {
        double x = -Math.log(1 - Mix.unit(Mix.mix64(h + 1)));
        int l = Mix.unit(Mix.mix64(h + 2)) < 0.12 ? 8 + (int) (x * 25) : 1 + (int) (x * 3.5);
        return Math.min(l, MAX_LIFE);
    }

    /** Re-derives creative c (first day f) as listed the k-th time. */
    private void derive(long c, int f, int k) {
        long h = Mix.hash(u.seed ^ 0xC4EA7L, c);
        cHash = h;
        cId = Mix.mix64(c ^ idSalt);
        int life = life(h);
        cFirst = f;
        cLast = Math.min(f + life - 1, f + REPORT_EVERY * k);
        int active = u.activeApps(f);
        double x = Mix.unit(Mix.mix64(h + 3)) * u.adCum[active];
        int lo = 0, hi = active - 1; // largest a with adCum[a] <= x
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (u.adCum[mid] <= x) lo = mid; else hi = mid - 1;
        }
        cApp = lo;
        long hs = Mix.mix64(h + 4);
        boolean ios = u.hasStore(cApp, Universe.IOS), android = u.hasStore(cApp, Universe.ANDROID);
        cStore = ios && android ? (Mix.unit(hs) < 0.45 ? Universe.IOS : Universe.ANDROID) : ios ? Universe.IOS : Universe.ANDROID;
        cNet = pick(NET_CUM, Mix.unit(Mix.mix64(h + 5)));
        cMedia = pick(MEDIA_CUM, Mix.unit(Mix.mix64(h + 6)));
        int max = Math.min(MAX_COUNTRIES, u.mk[cApp].length);
        long hc = Mix.mix64(h + 8);
        int n = 1;
        while (n < max && Mix.unit(hc) < 0.55) {
            n++;
            hc = Mix.mix64(hc);
        }
        cCountries = n;
        cShown = Math.min(n, (n + 1) / 2 + k);
        double perDay = Math.exp(8 + 1.8 * Mix.gauss(Mix.mix64(h + 9)));
        cImpressions = Math.round(perDay * (cLast - cFirst + 1));
    }

    /** The first index whose cumulative weight exceeds u * total. */
    private static int pick(double[] cum, double u) {
        double x = u * cum[cum.length - 1];
        int lo = 0, hi = cum.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cum[mid] <= x) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private void writeValid() throws IOException {
        int start = writeRecord(-1);
        if (messy && rng.chance(0.001)) {
            sink.repeat(start, sink.position());
            lines++;
            count(excluded, "duplicate");
        }
        int bad = nextBad(rng);
        if (bad >= 0) writeRecord(bad);
    }

    private int writeRecord(int corrupt) throws IOException {
        int start = sink.beginRecord();
        sink.raw(OPEN_CREATIVE_ID);
        if (corrupt == BAD_CREATIVE_ID) {
            sink.ascii(rng.chance(0.5) ? "null" : "\"\"");
        } else {
            sink.b('"').hex16(cId).b('"');
        }
        boolean hasUnified;
        boolean storeKnown = true;
        boolean hasAppId = true;
        if (corrupt == MISSING_APP) {
            hasUnified = false;
            int v = rng.below(3);
            storeKnown = v != 0;
            hasAppId = v == 0;
        } else if (messy && rng.chance(0.10)) {
            hasUnified = false;
        } else {
            hasUnified = true;
            if (messy && rng.chance(0.02)) storeKnown = false;
            else if (messy && rng.chance(0.02)) hasAppId = false;
        }
        sink.raw(KEY_UNIFIED_APP_ID);
        if (hasUnified) sink.b('"').raw(u.uidBytes[cApp]).b('"'); else sink.raw(NULL);
        sink.raw(KEY_STORE);
        if (!storeKnown) {
            if (rng.chance(0.5)) sink.raw(NULL); else sink.json(UNKNOWN_STORES[rng.below(UNKNOWN_STORES.length)]);
        } else if (messy) {
            sink.raw(cStore == Universe.IOS ? IOS_B[rng.below(IOS_B.length)] : ANDROID_B[rng.below(ANDROID_B.length)]);
        } else {
            sink.ascii(cStore == Universe.IOS ? "\"ios\"" : "\"android\"");
        }
        sink.raw(KEY_APP_ID);
        if (hasAppId) {
            sink.b('"').raw(cStore == Universe.IOS ? u.iosBytes[cApp] : u.androidBytes[cApp]).b('"');
        } else {
            sink.raw(NULL);
        }
        sink.raw(KEY_NETWORK).raw(NET_B[cNet]);
        sink.raw(KEY_MEDIA_TYPE).raw(MEDIA_B[cMedia]);
        int first = cFirst, last = cLast;
        String badDate = null;
        if (corrupt == BAD_DATE) {
            badDate = BAD_DATES[rng.below(BAD_DATES.length)];
        } else if (corrupt == FUTURE_DATE) {
            last = dumpRel + 1 + rng.below(3);
        } else if (corrupt == BAD_SEEN_RANGE) {
            first = cLast;
            last = cLast - 1 - rng.below(5);
        }
        sink.raw(KEY_FIRST_SEEN);
        if (badDate != null && rng.chance(0.5)) {
            sink.json(badDate);
            badDate = null;
        } else {
            date(first);
        }
        sink.raw(KEY_LAST_SEEN);
        if (badDate != null) sink.json(badDate); else date(last);
        sink.raw(KEY_COUNTRIES);
        int shown = countries();
        sink.b(']');
        sink.raw(KEY_LANGUAGE);
        if (shown == 0 || messy && rng.chance(0.08)) {
            sink.raw(NULL);
        } else {
            sink.raw(LANG_B[picked[0]]); // the language of its first market
        }
        sink.raw(KEY_IMPRESSIONS);
        if (messy && rng.chance(0.05)) sink.raw(NULL); else sink.num(cImpressions);
        if (!(messy && rng.chance(0.05))) {
            sink.raw(KEY_AS_OF).raw(asOf).b('"');
        }
        sink.b('}');
        if (corrupt == MALFORMED) {
            int len = sink.position() - start;
            sink.truncate(start, 10 + rng.below(len - 11)); // cut short: never valid JSON
        }
        sink.b('\n');
        lines++;
        return start;
    }

    private void date(int rel) {
        int layout = ByteSink.ISO;
        if (messy) {
            double x = rng.unit();
            layout = x < 0.85 ? ByteSink.ISO : x < 0.93 ? ByteSink.SLASH : ByteSink.COMPACT;
        }
        sink.b('"');
        u.cal.write(sink, rel, layout);
        sink.b('"');
    }

    /** The first cShown of the creative's markets, drawn from its app's markets; sometimes with junk codes. */
    private int countries() {
        int[] markets = u.mk[cApp];
        int count = 0;
        long h = Mix.mix64(cHash + 11);
        for (int attempt = 0; count < cShown && attempt < 4 * cCountries; attempt++) {
            int m = markets[Mix.below(h, markets.length)];
            h = Mix.mix64(h);
            boolean dup = false;
            for (int q = 0; q < count; q++) if (picked[q] == m) dup = true;
            if (dup) continue;
            picked[count++] = m;
            if (count > 1) sink.b(',');
            if (messy && m == GB && rng.chance(0.3)) sink.raw(UK_QUOTED);
            else sink.raw(messy && rng.chance(0.05) ? CC_LOW[m] : CC_UP[m]);
        }
        if (messy && rng.chance(0.03)) {
            if (count > 0) sink.b(',');
            sink.json(BAD_COUNTRY_CODES[rng.below(BAD_COUNTRY_CODES.length)]);
        }
        return count;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[][] bytes(Object[][] t) {
        byte[][] b = new byte[t.length][];
        for (int i = 0; i < t.length; i++) b[i] = ByteSink.jsonBytes((String) t[i][0]);
        return b;
    }

    private static double[] cumulative(Object[][] t) {
        double[] c = new double[t.length];
        double s = 0;
        for (int i = 0; i < t.length; i++) c[i] = s += (Double) t[i][1];
        return c;
    }

    private static byte[][] jsonAll(String[] s) {
        byte[][] b = new byte[s.length][];
        for (int i = 0; i < s.length; i++) b[i] = ByteSink.jsonBytes(s[i]);
        return b;
    }
}
