package io.dramalake.jobs.sample;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The simulated market: every app with its ids, names, publisher, ownership, store listings,
 * markets, popularity and calibrated per-cell daily volumes, held in small per-app arrays (a few KB
 * per app). Everything is a pure function of the options. Writers derive each day's numbers from
 * these arrays and counter-based hashes, so nothing per row or per creative is ever stored.
 *
 * <p>Calibration: the expected (noise-free) totals over the sample are scaled to the market's
 * published per-app-day rates (2025: about 1.855 billion downloads and 2.28 billion USD over about
 * 200 → 1,100 apps), so {@link SampleOptions#market2025()} lands on the published totals and smaller
 * samples keep the same proportions. Ownership is assigned so that China-backed apps
 * (origin CN = parent HQ, else publisher HQ) take about 94.9 % of expected IAP revenue.
 */
final class Universe {

    static final double TARGET_CN_SHARE = 0.949;
    static final double MARKET_DOWNLOADS_2025 = 1.855e9;
    static final double MARKET_REVENUE_CENTS_2025 = 2.28e11;
    /** Popularity decay of the long tail; tuned so the top 20 apps take about 83 % of market2025 revenue. */
    static final double ZIPF = 0.7;
    /** Revenue weight of the biggest long-tail app relative to ReelShort (with ZIPF: top 20 ≈ 83 %). */
    static final double TAIL_HEAD = 0.045;

    static final int IOS = 0;
    static final int ANDROID = 1;

    final SampleOptions o;
    final Days cal;
    final int n;
    final int days;
    final long seed;

    final int[] entry;
    final boolean[] named;
    final boolean[] orphan;
    final String[] uid;
    final String[] name;
    final String[] publisher;
    final String[] pubHq;
    final String[] parent;
    final String[] parentHq;
    final String[] iosId;
    final String[] androidId;
    final String[] origin;
    final double[] ramp;
    final double[] expectedRevenue; // cents, noise-free, whole sample

    /** Markets of each app (indices into {@link Markets}). */
    final int[][] mk;
    /** Noise-free daily downloads / revenue cents per [store][market slot], before the day factor. */
    final double[][][] cellDl;
    final double[][][] cellRev;
    /** Hash key of each app, the root of its per-row noise. */
    final long[] appKey;

    final byte[][] uidBytes;
    final byte[][] nameCsv;
    final byte[][] pubCsv;
    final byte[][] nameJson;
    final byte[][] pubJson;
    final byte[][] iosBytes;
    final byte[][] androidBytes;

    /** Prefix sums of the apps' ad weights: apps active on a day are a prefix of the app index. */
    final double[] adCum;
    /** First creative index of each data day; {@code creativeStart[days] == creatives}. */
    final long[] creativeStart;

    /** The app whose parent company (and so origin) changes, and the apps dump that first shows it; -1 if none. */
    final int changeApp;
    final int changeDump;
    final String changeOldPubHq;

    final double expectedDownloadsTotal;
    final double expectedRevenueTotal;

    // ---------------------------------------------------------------- named brands

    /**
     * The well-known apps, biggest first by 2025 IAP revenue. Weights are relative revenue; ownership
     * of the big brands follows public reporting, the parents of the smaller brands are made up, and
     * everything here is sample data, not a market estimate.
     */
    private static final Object[][] BRANDS = {
            // name, publisher, pubHq, parent, parentHq, revWeight, dlBoost
            {"ReelShort", "Crazy Maple Studio, Inc.", "US", "COL Group Co., Ltd.", "CN", 1.00, 1.0},
            {"DramaBox", "STORYMATRIX PTE. LTD.", "SG", "Dianzhong Technology", "CN", 0.95, 1.0},
            {"ShortMax", "ShortMax Pte. Ltd.", "SG", "Jiuzhou Culture", "CN", 0.45, 1.0},
            {"GoodShort", "GoodShort Technology Pte. Ltd.", "SG", "Xinyue Reading Group", "CN", 0.38, 1.0},
            {"DramaWave", "SkyWork AI Pte. Ltd.", "SG", "Kunlun Tech Co., Ltd.", "CN", 0.35, 1.0},
            {"FlexTV", "FlexTV Media Limited", "HK", "Hangzhou Flex Culture", "CN", 0.22, 1.0},
            {"MoboReels", "MoboReader Ltd.", "HK", "Mobo Technology Group", "CN", 0.20, 1.0},
            {"NetShort", "NetShort Pte. Ltd.", "SG", "Beijing NetShort Culture", "CN", 0.18, 1.0},
            {"My Drama", "Holywater Tech", "UA", null, null, -0.022, 1.0}, // negative: solved share
            {"Kalos TV", "Kalos Media Pte. Ltd.", "SG", "Guangzhou Kalos Culture", "CN", 0.12, 1.0},
            {"FlickReels", "Flick Entertainment Limited", "HK", "Shenzhen Flick Culture", "CN", 0.12, 1.0},
            {"StardustTV", "Stardust Media Pte. Ltd.", "SG", "Xiamen Stardust Culture", "CN", 0.10, 1.0},
            {"Melolo", "Melolo Pte. Ltd.", "SG", "ByteDance Ltd.", "CN", 0.004, 40.0}, // free, ad-funded
            {"TopShort", "TopShort Limited", "HK", "Wuhan TopShort Culture", "CN", 0.09, 1.0},
            {"StarShort", "StarShort Pte. Ltd.", "SG", "Chengdu StarShort Media", "CN", 0.08, 1.0},
            {"DreameShort", "Dreame Media Limited", "HK", "Stary Group", "CN", 0.08, 1.0},
            {"Sereal+", "Sereal Inc.", "US", null, null, -0.005, 1.0},
            {"iDrama", "iDrama Pte. Ltd.", "SG", "Suzhou iDrama Culture", "CN", 0.06, 1.0},
            {"HoneyReels", "HoneyReels Limited", "HK", "Hangzhou Honey Media", "CN", 0.06, 1.0},
            {"SnackShort", "SnackShort Pte. Ltd.", "SG", "Nanjing Snack Culture", "CN", 0.05, 1.0},
    };

    private static final String[] PREFIX = {"Drama", "Reel", "Short", "Mini", "Flick", "Story", "Love", "Snap",
            "Crush", "Velvet", "Moon", "Star", "Honey", "Epic", "Sweet", "Royal", "Blaze", "Jade", "Lotus", "Nova",
            "Pocket", "Bite", "Fable", "Plot", "Scene", "Cherry", "Twist", "Vivid", "Echo", "Loop"};
    private static final String[] SUFFIX = {"Box", "Reels", "Shorts", "TV", "Play", "Flix", "Drama", "Tales",
            "Time", "Wave", "Hub", "Land", "Go", "Max", "Bites", "Cast", "Snack", "Verse", "Stream", "Club"};
    private static final String[] ODD_NAMES = {"Love, Lies & Billionaires", "\"Fated\" Shorts",
            "Alpha's Bride: Drama, Romance", "Mr. CEO's \"Secret\" Wife", "Revenge, Reloaded",
            "DramaPop \uD83C\uDFAC", "\u77ED\u5267\u4E16\u754C Shorts", "Caf\u00E9 Romance TV", "Back\\Slash Reels",
            "Tab\tTales"};
    private static final String[] PUB_WORD = {"Lumen", "Starlit", "Brightway", "Redwood", "Jade River",
            "Crimson", "Silverline", "Maple Leaf", "Goldfish", "Blue Whale", "Peach", "Lotus", "Orchid", "Skyline",
            "Harbor", "Velvet", "Nimbus", "Aurora", "Coral", "Ember", "Zenith", "Pixel Tree", "Moonbay", "Sunrise",
            "Cobalt", "Juniper", "Northstar", "Quill", "Saffron", "Tidal"};
    private static final String[] PUB_KIND = {"Pte. Ltd.", "Limited", "Inc.", "Technology Co., Ltd.", "Media",
            "Studio, LLC", "Interactive", "Entertainment Ltd.", "Network Technology Co., Ltd.", "Games"};
    private static final String[] CN_FRONT_HQ = {"SG", "HK", "US", "GB", "AE", "SG", "HK"};
    private static final String[] NON_CN_HQ = {"US", "KR", "JP", "UA", "IL", "GB", "CY", "IN", "PH", "TR", "DE",
            "VN", "SG", "US", "US"};
    private static final String[] CN_CITY = {"Hangzhou", "Shenzhen", "Beijing", "Shanghai", "Guangzhou", "Chengdu",
            "Xiamen", "Wuhan", "Nanjing", "Suzhou"};

    Universe(SampleOptions o) {
        this.o = o;
        this.seed = o.seed();
        this.cal = new Days(o.startDate(), o.days());
        this.days = o.days();
        this.n = o.appsAtEnd();

        entry = new int[n];
        for (int i = 0, j = 0; i < n; i++) {
            while (activeApps(j) <= i) j++;
            entry[i] = j;
        }

        named = new boolean[n];
        orphan = new boolean[n];
        uid = new String[n];
        name = new String[n];
        publisher = new String[n];
        pubHq = new String[n];
        parent = new String[n];
        parentHq = new String[n];
        iosId = new String[n];
        androidId = new String[n];
        origin = new String[n];
        ramp = new double[n];
        expectedRevenue = new double[n];
        mk = new int[n][];
        cellDl = new double[n][][];
        cellRev = new double[n][][];
        appKey = new long[n];

        Draft d = new Draft(new Mix.Rng(Mix.hash(seed, 0x5EED_A995L)), n);
        identities(d);
        markets(d);
        double[] totals = calibrate(d);
        expectedDownloadsTotal = totals[0];
        expectedRevenueTotal = totals[1];
        ownership(d, totals[1]);
        changeApp = acquisition();
        changeDump = changeApp < 0 ? -1 : days / 2;
        changeOldPubHq = changeApp < 0 ? null : ("CN".equals(pubHq[changeApp]) ? "SG" : pubHq[changeApp]);
        adCum = new double[n + 1];
        for (int i = 0; i < n; i++) adCum[i + 1] = adCum[i] + d.adw[i];
        creativeStart = creativesPerDay();
        uidBytes = ascii(uid);
        nameCsv = each(name, ByteSink::csvBytes);
        pubCsv = each(publisher, ByteSink::csvBytes);
        nameJson = each(name, ByteSink::jsonBytes);
        pubJson = each(publisher, ByteSink::jsonBytes);
        iosBytes = ascii(iosId);
        androidBytes = ascii(androidId);
    }

    /** What the constructor's steps share while they build the universe; the rng's draws keep their order. */
    private static final class Draft {
        final Mix.Rng rng;
        final double[] rpop;
        final double[] dpop;
        final double[] adw;
        final int[] pubOf; // tail publisher index, -1 for brands
        final boolean[] hasIos;
        final boolean[] hasAndroid;
        final List<String> pubNames = new ArrayList<>();
        int nBrands;
        int nPublishers;

        Draft(Mix.Rng rng, int n) {
            this.rng = rng;
            rpop = new double[n];
            dpop = new double[n];
            adw = new double[n];
            pubOf = new int[n];
            hasIos = new boolean[n];
            hasAndroid = new boolean[n];
        }
    }

    /** Identity, popularity and store listings of every app: the named brands first, then the long tail. */
    private void identities(Draft d) {
        Set<String> names = new HashSet<>();
        Set<String> packages = new HashSet<>();
        long spacing = 5_000_000_000L / n;
        double z1 = Math.pow(1 + 5, -ZIPF);
        d.nBrands = Math.min(BRANDS.length, n);
        d.nPublishers = Math.max(1, (n - d.nBrands) / 3);
        
        Set<String> pubSet = new HashSet<>();
        for (int p = 0; p < d.nPublishers; p++) {
            String pn;
            int tries = 0;
            do {
                pn = d.rng.pick(PUB_WORD) + " " + d.rng.pick(PUB_KIND);
                if (++tries > 20) pn = d.rng.pick(PUB_WORD) + " " + (p + 1) + " " + d.rng.pick(PUB_KIND);
            } while (!pubSet.add(pn));
            d.pubNames.add(pn);
        }
        int odd = 0;
        for (int i = 0; i < n; i++) {
            appKey[i] = Mix.hash(seed, 0xA99L, i);
            uid[i] = unifiedId(seed, i);
            iosId[i] = Long.toString(1_400_000_000L + i * spacing + Mix.below(Mix.hash(seed, 0x105L, i), (int) Math.min(spacing, Integer.MAX_VALUE)));
            ramp[i] = 7 + 38 * d.rng.unit();
            if (i < d.nBrands) {
                Object[] b = BRANDS[i];
                named[i] = true;
                name[i] = (String) b[0];
                publisher[i] = (String) b[1];
                pubHq[i] = (String) b[2];
                parent[i] = (String) b[3];
                parentHq[i] = (String) b[4];
                d.rpop[i] = Math.abs((Double) b[5]) * z1;
                boolean free = (Double) b[6] > 1; // ad-funded: little IAP, downloads like a top-3 app
                d.dpop[i] = Math.pow(free ? 0.9 * z1 : d.rpop[i], 0.7);
                d.pubOf[i] = -1;
                d.hasIos[i] = true;
                d.hasAndroid[i] = true;
                names.add(name[i]);
            } else {
                int t = i - d.nBrands;
                String nm;
                if (d.rng.chance(0.04) || (odd < ODD_NAMES.length && t == 3 + odd * 17)) {
                    nm = ODD_NAMES[odd++ % ODD_NAMES.length];
                    if (!names.add(nm)) nm = null;
                } else {
                    nm = null;
                }
                int tries = 0;
                while (nm == null) {
                    String c = d.rng.pick(PREFIX) + d.rng.pick(SUFFIX);
                    if (tries > 5) c = c + " " + d.rng.pick(new String[]{"TV", "Plus", "Shorts", "HD", "Lite", "Pro"});
                    if (tries > 15) c = c + " " + (t + 1);
                    if (names.add(c)) nm = c;
                    tries++;
                }
                name[i] = nm;
                d.pubOf[i] = Mix.below(d.rng.next(), d.nPublishers);
                publisher[i] = d.pubNames.get(d.pubOf[i]);
                double rankEff = 1 + t * Math.exp(0.5 * d.rng.gauss());
                d.rpop[i] = z1 * TAIL_HEAD * Math.pow(rankEff, -ZIPF) * Math.exp(0.35 * d.rng.gauss());
                d.dpop[i] = Math.pow(d.rpop[i], 0.7);
                if (d.rng.chance(0.08)) { // ad-funded / free: little IAP, more downloads
                    d.rpop[i] *= 0.05;
                    d.dpop[i] *= 1.6;
                }
                double s = d.rng.unit();
                d.hasIos[i] = s >= 0.12;
                d.hasAndroid[i] = s < 0.94;
            }
            if (d.hasAndroid[i]) {
                String pkg = "com." + slug(publisher[i].split(" ")[0]) + "." + slug(name[i]);
                if (!packages.add(pkg)) {
                    pkg = pkg + i;
                    packages.add(pkg);
                }
                androidId[i] = pkg;
            }
            if (!d.hasIos[i]) iosId[i] = null;
            d.adw[i] = Math.pow(d.rpop[i] / z1, 0.5) * Math.exp(0.5 * d.rng.gauss());
        }
    }

    /** Each app's markets and its per-cell shares of downloads and revenue. */
    private void markets(Draft d) {
        int nc = o.countries();
        int us = Markets.indexOf("US");
        for (int i = 0; i < n; i++) {
            int k;
            if (named[i]) {
                k = (int) Math.round(nc * (0.7 + 0.3 * d.rng.unit()));
            } else {
                double u = d.rng.unit();
                k = (int) Math.round(nc * (0.08 + 0.55 * u * u));
            }
            k = Math.max(Math.min(nc, 2), Math.min(nc, k));
            mk[i] = pickMarkets(d.rng, nc, k, us < nc && (named[i] || d.rng.chance(0.85)) ? us : -1);
            double[] wDl = new double[k];
            double[] wRev = new double[k];
            double sDl = 0, sRev = 0;
            for (int c = 0; c < k; c++) {
                int m = mk[i][c];
                wDl[c] = Markets.DL[m] * (0.5 + d.rng.unit());
                wRev[c] = Markets.REV[m] * (0.5 + d.rng.unit());
                sDl += wDl[c];
                sRev += wRev[c];
            }
            double iosTilt = 0.8 + 0.4 * d.rng.unit();
            cellDl[i] = new double[2][k];
            cellRev[i] = new double[2][k];
            for (int c = 0; c < k; c++) {
                int m = mk[i][c];
                double iosDl = d.hasIos[i] ? (d.hasAndroid[i] ? Math.min(0.95, Markets.IOS_DL[m] * iosTilt) : 1) : 0;
                double iosRev = d.hasIos[i] ? (d.hasAndroid[i] ? Math.min(0.95, Markets.IOS_REV[m] * iosTilt) : 1) : 0;
                cellDl[i][IOS][c] = d.dpop[i] * wDl[c] / sDl * iosDl;
                cellDl[i][ANDROID][c] = d.dpop[i] * wDl[c] / sDl * (1 - iosDl);
                cellRev[i][IOS][c] = d.rpop[i] * wRev[c] / sRev * iosRev;
                cellRev[i][ANDROID][c] = d.rpop[i] * wRev[c] / sRev * (1 - iosRev);
            }
        }
    }

    /** Scales every cell to the market's per-app-day rates; returns the expected downloads and revenue cents. */
    private double[] calibrate(Draft d) {
        double[] unitDays = new double[n];
        double sumDl = 0, sumRev = 0;
        for (int i = 0; i < n; i++) {
            double u = 0;
            for (int j = entry[i]; j < days; j++) u += dayFactor(i, j);
            unitDays[i] = u;
            sumDl += d.dpop[i] * u;
        }
        // brands with a solved share (non-China-backed brands): x = s * T / (1 - sum s)
        double fixedShare = 0, otherRev = 0;
        for (int i = 0; i < d.nBrands; i++) if ((Double) BRANDS[i][5] < 0) fixedShare += -(Double) BRANDS[i][5];
        for (int i = 0; i < n; i++) if (!(i < d.nBrands && (Double) BRANDS[i][5] < 0)) otherRev += d.rpop[i] * unitDays[i];
        for (int i = 0; i < d.nBrands; i++) {
            double s = (Double) BRANDS[i][5];
            if (s < 0 && unitDays[i] > 0) {
                double x = -s * otherRev / (1 - fixedShare);
                double f = x / (d.rpop[i] * unitDays[i]);
                d.rpop[i] *= f;
                for (double[] row : cellRev[i]) for (int c = 0; c < row.length; c++) row[c] *= f;
            }
        }
        for (int i = 0; i < n; i++) sumRev += d.rpop[i] * unitDays[i];
        double appDays = 0;
        for (int j = 0; j < days; j++) appDays += activeApps(j);
        double targetDl = MARKET_DOWNLOADS_2025 / MARKET_APP_DAYS * appDays;
        double targetRev = MARKET_REVENUE_CENTS_2025 / MARKET_APP_DAYS * appDays;
        double kDl = targetDl / sumDl;
        double kRev = targetRev / sumRev;
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < 2; s++) {
                for (int c = 0; c < mk[i].length; c++) {
                    cellDl[i][s][c] *= kDl;
                    cellRev[i][s][c] *= kRev;
                }
            }
            expectedRevenue[i] = d.rpop[i] * kRev * unitDays[i];
        }
        return new double[] {targetDl, targetRev};
    }

    /** Ownership: orphans, then publishers greedily until non-China-backed revenue is about 5.1 %. */
    private void ownership(Draft d, double targetRev) {
        double nonCnBudget = (1 - TARGET_CN_SHARE) * targetRev;
        double nonCn = 0;
        for (int i = 0; i < d.nBrands; i++) {
            if (!"CN".equals(parentHq[i] != null ? parentHq[i] : pubHq[i])) nonCn += expectedRevenue[i];
        }
        for (int i = d.nBrands; i < n; i++) {
            if (d.rng.chance(0.04) && expectedRevenue[i] < 0.0005 * targetRev && nonCn + expectedRevenue[i] <= nonCnBudget) {
                orphan[i] = true;
                nonCn += expectedRevenue[i];
            }
        }
        double[] pubRev = new double[d.nPublishers];
        for (int i = d.nBrands; i < n; i++) if (!orphan[i]) pubRev[d.pubOf[i]] += expectedRevenue[i];
        int[] pubKind = new int[d.nPublishers]; // 0 China-backed, 1 other, 2 unknown (no HQ known)
        boolean[] decided = new boolean[d.nPublishers];
        for (int pass = 0; pass < 2; pass++) { // a random ~45 % first, then whatever still fits
            for (int p = 0; p < d.nPublishers; p++) {
                if (decided[p] || !(pass == 1 || d.rng.chance(0.45))) continue;
                if (nonCn + pubRev[p] <= nonCnBudget) {
                    pubKind[p] = d.rng.chance(0.08) ? 2 : 1;
                    nonCn += pubRev[p];
                    decided[p] = true;
                }
            }
        }
        String[] pHq = new String[d.nPublishers];
        String[] pParent = new String[d.nPublishers];
        String[] pParentHq = new String[d.nPublishers];
        for (int p = 0; p < d.nPublishers; p++) {
            String word = d.pubNames.get(p).split(" ")[0];
            if (pubKind[p] == 0) {
                if (d.rng.chance(0.6)) {
                    pHq[p] = d.rng.pick(CN_FRONT_HQ);
                    pParent[p] = d.rng.pick(CN_CITY) + " " + word + " Culture Group";
                    pParentHq[p] = "CN";
                } else {
                    pHq[p] = "CN";
                }
            } else if (pubKind[p] == 1) {
                pHq[p] = d.rng.pick(NON_CN_HQ);
                if (d.rng.chance(0.3)) {
                    pParent[p] = word + " Holdings";
                    pParentHq[p] = d.rng.chance(0.5) ? pHq[p] : "US";
                }
            }
        }
        for (int i = d.nBrands; i < n; i++) {
            int p = d.pubOf[i];
            pubHq[i] = pHq[p];
            parent[i] = pParent[p];
            parentHq[i] = pParentHq[p];
        }
        for (int i = 0; i < n; i++) {
            origin[i] = orphan[i] ? "ZZ" : parentHq[i] != null ? parentHq[i] : pubHq[i] != null ? pubHq[i] : "ZZ";
        }
    }

    /** The acquisition: a China-backed app shown without its parent (non-CN origin) until mid-sample; -1 if none. */
    private int acquisition() {
        int pick = -1;
        if (days >= 2) {
            for (int pass = 0; pass < 2 && pick < 0; pass++) {
                for (int i = 0; i < n; i++) {
                    if (entry[i] == 0 && !orphan[i] && "CN".equals(parentHq[i]) && (pass == 1 || !named[i])
                            && (pick < 0 || expectedRevenue[i] < expectedRevenue[pick])) {
                        pick = i;
                    }
                }
            }
        }
        return pick;
    }

    /** First creative of each day, in proportion to the ad weight of the apps running that day. */
    private long[] creativesPerDay() {
        long[] creativeStart = new long[days + 1];
        double[] dayW = new double[days];
        double totW = 0;
        for (int j = 0; j < days; j++) {
            dayW[j] = adCum[activeApps(j)] * trend(j) * weekly(j);
            totW += dayW[j];
        }
        double acc = 0;
        for (int j = 0; j < days; j++) {
            creativeStart[j] = Math.round(o.creatives() * (acc / totW));
            acc += dayW[j];
        }
        creativeStart[days] = o.creatives();

        return creativeStart;
    }

    private static byte[][] each(String[] values, Function<String, byte[]> encode) {
        byte[][] out = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            out[i] = encode.apply(values[i]);
        }
        return out;
    }

    /** US-ASCII bytes of each value; null stays null. */
    private static byte[][] ascii(String[] values) {
        return each(values, v -> v == null ? null : v.getBytes(StandardCharsets.US_ASCII));
    }

    /** App-days of market2025 (200 → 1,100 apps over 365 days): the unit of the calibration. */
    static final double MARKET_APP_DAYS = appDays(200, 1100, 365);

    private static double appDays(int atStart, int atEnd, int days) {
        double s = 0;
        for (int j = 0; j < days; j++) s += activeApps(atStart, atEnd, days, j);
        return s;
    }

    static int activeApps(int atStart, int atEnd, int days, int j) {
        if (days <= 1) return atEnd;
        if (j >= days - 1) return atEnd;
        return atStart + (int) ((long) (atEnd - atStart) * j / (days - 1));
    }

    /** Number of apps live on data day j; they are always the apps 0 .. activeApps(j)-1. */
    int activeApps(int j) {
        return activeApps(o.appsAtStart(), o.appsAtEnd(), days, Math.max(0, Math.min(j, days - 1)));
    }

    boolean hasStore(int app, int store) {
        return store == IOS ? iosId[app] != null : androidId[app] != null;
    }

    /** Market growth over the year: +50 % from January to December. */
    static double trend(int j) {
        return 1 + 0.5 * j / 365.0;
    }

    private static final double[] WEEKLY = {0, 0.95, 0.93, 0.94, 0.97, 1.03, 1.10, 1.08};

    double weekly(int j) {
        return WEEKLY[cal.dayOfWeek(j)];
    }

    /** Launch ramp of an app that entered during the sample. */
    double life(int app, int j) {
        if (j < entry[app]) return 0;
        if (entry[app] == 0) return 1;
        double x = (j - entry[app] + 1) / ramp[app];
        return x >= 1 ? 1 : Math.pow(x, 0.6);
    }

    /** Noise-free multiplier of an app's cells on data day j. */
    double dayFactor(int app, int j) {
        return trend(j) * weekly(j) * life(app, j);
    }

    private static int[] pickMarkets(Mix.Rng rng, int nc, int k, int forced) {
        // weighted sampling without replacement (Efraimidis–Spirakis keys), market order kept
        double[] key = new double[nc];
        for (int m = 0; m < nc; m++) {
            key[m] = m == forced ? 2.0 : Math.pow(rng.unit(), 1.0 / Math.pow(Markets.DL[m] + Markets.REV[m], 0.8));
        }
        boolean[] take = new boolean[nc];
        for (int r = 0; r < k; r++) {
            int best = -1;
            for (int m = 0; m < nc; m++) if (!take[m] && (best < 0 || key[m] > key[best])) best = m;
            take[best] = true;
        }
        int[] out = new int[k];
        for (int m = 0, c = 0; m < nc; m++) if (take[m]) out[c++] = m;
        return out;
    }

    /** 24 lowercase hex digits, unique per app index (the last 8 digits are a bijection of the index). */
    static String unifiedId(long seed, int i) {
        long hi = Mix.hash(seed, 0x0AB1DL, i);
        int lo = i * 0x9E3779B1;
        lo ^= lo >>> 15;
        lo ^= (int) seed * 0x85EBCA6B | 1;
        String a = Long.toHexString(hi);
        String b = Integer.toHexString(lo);
        return "0".repeat(16 - a.length()) + a + "0".repeat(8 - b.length()) + b;
    }

    static String slug(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toLowerCase(Locale.ROOT).toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) b.append(c);
        }
        return b.length() == 0 ? "app" : b.toString();
    }
}
