package io.dramalake.jobs.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code app_intel}: daily download and revenue estimates as CSV, one dump per day. Dump {@code i}
 * (dump date = data day i + 1) carries data day i and re-delivers days i-R .. i-1 with revised
 * numbers and the dump's later {@code as_of}; the last delivery of a day is its current value.
 */
final class AppIntelWriter extends SourceWriter {
    static final String SOURCE = "app_intel";
    static final String[] REASONS = {"malformed", "bad_date", "future_date", "unknown_store", "missing_app_id",
            "bad_country", "bad_downloads", "bad_revenue"};
    static final String[] COLUMNS = {"date", "store", "app_id", "unified_app_id", "app_name", "publisher_name",
            "country", "downloads", "revenue_cents", "as_of"};

    private static final int MALFORMED = 0, BAD_DATE = 1, FUTURE_DATE = 2, UNKNOWN_STORE = 3, MISSING_APP_ID = 4,
            BAD_COUNTRY = 5, BAD_DOWNLOADS = 6, BAD_REVENUE = 7;
    private static final int C_DATE = 0, C_STORE = 1, C_APP_ID = 2, C_UNIFIED = 3, C_NAME = 4, C_PUBLISHER = 5,
            C_COUNTRY = 6, C_DOWNLOADS = 7, C_REVENUE = 8, C_AS_OF = 9, C_EXTRA = 10;

    static final String[] IOS_SPELLINGS = {"iOS", "ios", "App Store", "apple", "itunes", "IOS", "iTunes", "app store"};
    static final String[] ANDROID_SPELLINGS = {"Android", "android", "Google Play", "google_play", "googleplay", "GP",
            "gp", "GOOGLE PLAY"};
    private static final String[] BAD_DATES = {"2025-13-01", "31.01.2025", "yesterday", "01/02/2025",
            "2025_03_01", "n/a"};
    private static final String[] BAD_STORES = {"amazon", "Huawei AppGallery", "", "samsung", "windows phone", "web"};
    private static final String[] BAD_COUNTRIES = {"XX", "EU", "USA", "1A", "zz", "Z9", "AN"};
    /** Already in CSV form (the comma-bearing ones quoted). */
    private static final String[] BAD_NUMBERS = {"\"12,34\"", "-17", "n/a", "1.5", "\"1,2345\"", "12e3", "\"1 234\"",
            "-1", "abc"};
    private static final String[] EXTRA_NAMES = {"category", "rank", "vendor_note", "data_version"};

    private static final byte[][] IOS_B = ascii(IOS_SPELLINGS);
    private static final byte[][] ANDROID_B = ascii(ANDROID_SPELLINGS);
    private static final byte[][] COUNTRY_UP = new byte[Markets.COUNT][];
    private static final byte[][] COUNTRY_LOW = new byte[Markets.COUNT][];
    private static final int GB = Markets.indexOf("GB");

    static {
        for (int m = 0; m < Markets.COUNT; m++) {
            COUNTRY_UP[m] = Markets.CODE[m].getBytes(StandardCharsets.US_ASCII);
            COUNTRY_LOW[m] = Markets.CODE[m].toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        }
    }

    // totals of the rows meant to be valid and current (the last delivery of each key, country != WW)
    long validCurrentRows;
    long totalDownloads;
    long totalRevenueCents;
    long chinaBackedRevenueCents;
    final long[] appRevenue;
    final boolean[] appSeen;

    // style of the file being written
    private ByteSink sink;
    private Mix.Rng rng;
    private boolean messy;
    private int[] order;
    private int layout;
    private byte[] iosHouse;
    private byte[] androidHouse;
    private boolean ukForGb;
    private boolean groupAll;
    private boolean crlf;
    private byte[] asOf;
    private int extraKind;
    private int dumpRel;

    // the row being written
    private int rDay;
    private int rStore;
    private int rApp;
    private int rMarket; // -1: worldwide total
    private long rDl;
    private long rRev;

    AppIntelWriter(Universe u, Path root) {
        super(u, root, SOURCE, REASONS);
        appRevenue = new long[u.n];
        appSeen = new boolean[u.n];
    }

    @Override
    void mergeFrom(SourceWriter w) {
        super.mergeFrom(w);
        AppIntelWriter x = (AppIntelWriter) w;
        validCurrentRows += x.validCurrentRows;
        totalDownloads += x.totalDownloads;
        totalRevenueCents += x.totalRevenueCents;
        chinaBackedRevenueCents += x.chinaBackedRevenueCents;
        for (int a = 0; a < u.n; a++) {
            appRevenue[a] += x.appRevenue[a];
            appSeen[a] |= x.appSeen[a];
        }
    }

    @Override
    void writeDump(int i) throws IOException {
        Path dir = dumpDir(i);
        rng = new Mix.Rng(Mix.hash(u.seed, 0x1A7E1L, i));
        messy = o.messy();
        dumpRel = i + 1;
        int first = Math.max(0, i - o.restateDays());
        String stamp = u.cal.compact(dumpRel);
        if (messy && first < i && i % 5 == 3) {
            // split: the new day in a plain file, the restatements in a gzip file
            writeFile(dir.resolve("app_intel_" + stamp + "_daily.csv"), false, i, i, i, 0);
            writeFile(dir.resolve("app_intel_" + stamp + "_restated.csv.gz"), true, i, first, i - 1, 1);
        } else {
            boolean gz = messy && i % 2 == 1;
            writeFile(dir.resolve("app_intel_" + stamp + (gz ? ".csv.gz" : ".csv")), gz, i, first, i, 0);
        }
    }

    private void writeFile(Path file, boolean gz, int dump, int fromDay, int toDay, int fileNo) throws IOException {
        chooseStyle(dump, fileNo);
        sink = open(file, gz);
        if (messy && (dump % 3 == 0 && fileNo == 0 || rng.chance(0.1))) {
            sink.b(0xEF).b(0xBB).b(0xBF); // UTF-8 byte-order mark
        }
        writeHeader();
        int restate = o.restateDays();
        for (int j = fromDay; j <= toDay; j++) {
            int k = dump - j; // 0 = first delivery
            boolean isFinal = dump == Math.min(j + restate, u.days - 1);
            double sigma = k < restate ? 0.12 / (1 << Math.min(k, 20)) : 0;
            int active = u.activeApps(j);
            for (int a = 0; a < active; a++) {
                double f = u.dayFactor(a, j);
                int[] markets = u.mk[a];
                for (int s = 0; s < 2; s++) {
                    if (!u.hasStore(a, s)) continue;
                    double[] cDl = u.cellDl[a][s];
                    double[] cRev = u.cellRev[a][s];
                    long sumDl = 0, sumRev = 0;
                    rDay = j;
                    rStore = s;
                    rApp = a;
                    for (int c = 0; c < markets.length; c++) {
                        long h1 = Mix.mix64((u.appKey[a] ^ ((long) (s * 64 + c) * Mix.GOLDEN)) + j * 0xD1B54A32D192ED03L);
                        long h2 = Mix.mix64(h1 ^ 0x5DEECE66DL);
                        double nDl = Math.max(0.05, 1 + 0.25 * Mix.gauss(h1));
                        double nRev = Math.max(0.05, 1 + 0.35 * Mix.gauss(h2));
                        if (sigma > 0) {
                            long h3 = Mix.mix64(h1 + k + 1);
                            nDl *= Math.max(0.3, 1 + sigma * Mix.gauss(h3));
                            nRev *= Math.max(0.3, 1 + sigma * Mix.gauss(Mix.mix64(h3)));
                        }
                        rMarket = markets[c];
                        rDl = Math.round(f * cDl[c] * nDl);
                        rRev = Math.round(f * cRev[c] * nRev);
                        sumDl += rDl;
                        sumRev += rRev;
                        writeValidRow();
                        int bad = nextBad(rng);
                        if (bad >= 0) {
                            writeRow(bad);
                        }
                        if (isFinal) {
                            validCurrentRows++;
                            totalDownloads += rDl;
                            totalRevenueCents += rRev;
                            appRevenue[a] += rRev;
                            appSeen[a] = true;
                            if ("CN".equals(u.origin[a])) chinaBackedRevenueCents += rRev;
                        }
                    }
                    if (messy) { // the vendor's worldwide total, a little above the sum of the listed markets
                        rMarket = -1;
                        rDl = Math.round(sumDl * 1.08);
                        rRev = Math.round(sumRev * 1.06);
                        writeValidRow();
                        count(excluded, "worldwide_total");
                    }
                }
            }
        }
        close(sink, file);
        sink = null;
    }

    private void writeValidRow() throws IOException {
        int start = writeRow(-1);
        if (messy && rng.chance(0.001)) { // an exact duplicate line
            sink.repeat(start, sink.position()); // fits: the record was begun with RECORD_ROOM free
            lines++;
            count(excluded, "duplicate");
        }
    }

    private void chooseStyle(int dump, int fileNo) {
        int n = COLUMNS.length;
        extraKind = messy && rng.chance(0.3) ? rng.below(EXTRA_NAMES.length) : -1;
        order = new int[extraKind >= 0 ? n + 1 : n];
        for (int c = 0; c < order.length; c++) order[c] = c;
        if (messy) {
            for (int c = order.length - 1; c > 0; c--) {
                int r = rng.below(c + 1);
                int t = order[c];
                order[c] = order[r];
                order[r] = t;
            }
        }
        if (messy) {
            double l = rng.unit();
            layout = l < 0.7 ? ByteSink.ISO : l < 0.85 ? ByteSink.SLASH : ByteSink.COMPACT;
            iosHouse = IOS_B[rng.below(IOS_B.length)];
            androidHouse = ANDROID_B[rng.below(ANDROID_B.length)];
        } else {
            layout = ByteSink.ISO;
            iosHouse = IOS_B[1];
            androidHouse = ANDROID_B[1];
        }
        ukForGb = messy && rng.chance(0.5);
        groupAll = messy && rng.chance(0.1);
        crlf = messy && rng.chance(0.3);
        int hour = messy ? 1 + rng.below(5) : 4;
        int minute = messy ? rng.below(60) : 0;
        String t = u.cal.iso(dump + 1) + "T0" + hour + ":" + (minute < 10 ? "0" : "") + minute + ":00Z";
        asOf = t.getBytes(StandardCharsets.US_ASCII);
    }

    private void writeHeader() throws IOException {
        sink.beginRecord();
        for (int c = 0; c < order.length; c++) {
            if (c > 0) sink.b(',');
            String name = order[c] == C_EXTRA ? EXTRA_NAMES[extraKind] : COLUMNS[order[c]];
            sink.ascii(messy ? casing(name) : name);
        }
        eol();
    }

    private String casing(String name) {
        switch (rng.below(5)) {
            case 0:
                return name.toUpperCase(Locale.ROOT);
            case 1: { // Title_Case
                StringBuilder b = new StringBuilder(name.length());
                boolean up = true;
                for (char ch : name.toCharArray()) {
                    b.append(up ? Character.toUpperCase(ch) : ch);
                    up = ch == '_';
                }
                return b.toString();
            }
            case 2:
                return Character.toUpperCase(name.charAt(0)) + name.substring(1);
            default:
                return name;
        }
    }

    private void eol() {
        if (crlf) sink.b('\r');
        sink.b('\n');
    }

    /** Writes the current row, intact ({@code corrupt < 0}) or with one reject reason; returns its start. */
    private int writeRow(int corrupt) throws IOException {
        int start = sink.beginRecord();
        boolean dropLast = corrupt == MALFORMED && rng.chance(0.5);
        int cols = dropLast ? order.length - 1 : order.length;
        for (int ci = 0; ci < cols; ci++) {
            if (ci > 0) sink.b(',');
            switch (order[ci]) {
                case C_DATE:
                    if (corrupt == BAD_DATE) {
                        sink.ascii(BAD_DATES[rng.below(BAD_DATES.length)]);
                    } else if (corrupt == FUTURE_DATE) {
                        u.cal.write(sink, dumpRel + 1 + rng.below(3), ByteSink.ISO);
                    } else {
                        u.cal.write(sink, rDay, messy && rng.chance(0.05) ? rng.below(3) : layout);
                    }
                    break;
                case C_STORE:
                    if (corrupt == UNKNOWN_STORE) {
                        sink.ascii(BAD_STORES[rng.below(BAD_STORES.length)]);
                    } else if (messy && rng.chance(0.05)) {
                        sink.raw(rStore == Universe.IOS ? IOS_B[rng.below(IOS_B.length)] : ANDROID_B[rng.below(ANDROID_B.length)]);
                    } else {
                        sink.raw(rStore == Universe.IOS ? iosHouse : androidHouse);
                    }
                    break;
                case C_APP_ID:
                    if (corrupt != MISSING_APP_ID) {
                        sink.raw(rStore == Universe.IOS ? u.iosBytes[rApp] : u.androidBytes[rApp]);
                    }
                    break;
                case C_UNIFIED:
                    if (u.orphan[rApp] || !(messy && rng.chance(0.03))) {
                        sink.raw(u.uidBytes[rApp]);
                    }
                    break;
                case C_NAME:
                    sink.raw(u.nameCsv[rApp]);
                    break;
                case C_PUBLISHER:
                    sink.raw(u.pubCsv[rApp]);
                    break;
                case C_COUNTRY:
                    if (corrupt == BAD_COUNTRY) {
                        sink.ascii(BAD_COUNTRIES[rng.below(BAD_COUNTRIES.length)]);
                    } else if (rMarket < 0) {
                        sink.ascii(rng.chance(0.1) ? "ww" : "WW");
                    } else if (rMarket == GB && ukForGb) {
                        sink.ascii("UK");
                    } else {
                        sink.raw(messy && rng.chance(0.05) ? COUNTRY_LOW[rMarket] : COUNTRY_UP[rMarket]);
                    }
                    break;
                case C_DOWNLOADS:
                    if (corrupt == BAD_DOWNLOADS) {
                        sink.ascii(BAD_NUMBERS[rng.below(BAD_NUMBERS.length)]);
                    } else {
                        number(rDl);
                    }
                    break;
                case C_REVENUE:
                    if (corrupt == BAD_REVENUE) {
                        sink.ascii(BAD_NUMBERS[rng.below(BAD_NUMBERS.length)]);
                    } else {
                        number(rRev);
                    }
                    break;
                case C_AS_OF:
                    if (!(messy && rng.chance(0.02))) {
                        sink.raw(asOf);
                    }
                    break;
                case C_EXTRA:
                    extra();
                    break;
                default:
                    throw new IllegalStateException();
            }
        }
        if (corrupt == MALFORMED && !dropLast) {
            sink.ascii(",unexpected");
        }
        eol();
        lines++;
        return start;
    }

    private void number(long v) {
        if (v >= 1000 && messy && (groupAll || rng.chance(0.03))) {
            sink.b('"').grouped(v).b('"');
        } else {
            sink.num(v);
        }
    }

    private void extra() {
        switch (extraKind) {
            case 0:
                sink.ascii("Entertainment");
                break;
            case 1:
                sink.num(rApp + 1);
                break;
            case 2:
                sink.ascii(rMarket < 0 ? "\"total, all markets\"" : "est.");
                break;
            default:
                sink.ascii("v3");
        }
    }

    private static byte[][] ascii(String[] s) {
        byte[][] b = new byte[s.length][];
        for (int i = 0; i < s.length; i++) b[i] = s[i].getBytes(StandardCharsets.US_ASCII);
        return b;
    }
}
