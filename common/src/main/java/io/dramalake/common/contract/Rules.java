package io.dramalake.common.contract;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The data contract's field-level conformance rules, each written once. Pure functions:
 * the Spark jobs call them per record, the tests call them directly.
 */
public final class Rules {

    private Rules() {
    }

    // ---- strings -------------------------------------------------------------------------

    private static final Pattern WHITESPACE_RUN = Pattern.compile("\\s+");

    /** Trims (including a stray BOM) and turns the empty string into null. */
    public static String clean(String value) {
        if (value == null) {
            return null;
        }
        String t = value.replace("\uFEFF", "").strip();
        return t.isEmpty() ? null : t;
    }

    /** Lower-case, trimmed, inner whitespace folded to one space: the form spellings are matched in. */
    static String spelling(String value) {
        String t = clean(value);
        return t == null ? null : WHITESPACE_RUN.matcher(t.toLowerCase(Locale.ROOT)).replaceAll(" ");
    }

    // ---- dump dates ----------------------------------------------------------------------

    /** The profile key of the tolerance below. */
    public static final String FUTURE_DUMP_DAYS_KEY = "dramalake.future-dump-days";
    /** How many days after today (UTC) a dump may be dated: a vendor ahead of UTC dates its dump "tomorrow". */
    public static final int FUTURE_DUMP_DAYS = 1;

    /** The latest dump date accepted at {@code now}: today in UTC plus {@code toleranceDays}. */
    public static LocalDate latestDumpDate(Instant now, int toleranceDays) {
        if (toleranceDays < 0) {
            throw new IllegalArgumentException("the tolerance is a number of days, 0 or more: " + toleranceDays);
        }
        return LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(toleranceDays);
    }

    // ---- dates ---------------------------------------------------------------------------

    private static final Pattern DAY = Pattern.compile("(\\d{4})([-/]?)(\\d{2})\\2(\\d{2})");

    /** {@code YYYY-MM-DD}, {@code YYYY/MM/DD} or {@code YYYYMMDD} as a calendar day; anything else is null. */
    public static LocalDate parseDay(String value) {
        String t = clean(value);
        if (t == null) {
            return null;
        }
        if (t.length() == 10 && t.charAt(4) == '-' && t.charAt(7) == '-') {
            int y = digits(t, 0, 4);
            int mo = digits(t, 5, 2);
            int d = digits(t, 8, 2);
            if (y >= 0 && mo >= 0 && d >= 0) {
                try {
                    return LocalDate.of(y, mo, d);
                } catch (DateTimeException e) {
                    return null;
                }
            }
        }
        Matcher m = DAY.matcher(t);
        if (!m.matches()) {
            return null;
        }
        try {
            return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(3)),
                Integer.parseInt(m.group(4)));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * The vendor's production time. ISO-8601 with an offset or {@code Z}; without one it is read as
     * UTC; a bare date is its start. Missing or unparseable: the start (00:00 UTC) of the dump date.
     */
    public static Instant parseAsOf(String value, LocalDate dumpDate) {
        Instant parsed = parseInstant(value);
        return parsed != null ? parsed : dumpDate.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static final Pattern OFFSET_WITHOUT_COLON =
        Pattern.compile("(.*T\\d\\d:\\d\\d(?::\\d\\d(?:\\.\\d+)?)?[+-]\\d\\d)(\\d\\d)");

    static Instant parseInstant(String value) {
        String t = clean(value);
        if (t == null) {
            return null;
        }
        Instant canonical = canonicalInstant(t);
        if (canonical != null) {
            return canonical;
        }
        String iso = t.length() > 10 && t.charAt(10) == ' ' ? t.substring(0, 10) + 'T' + t.substring(11) : t;
        // ISO-8601's basic offset form (+0800) is common in vendor exports; java.time wants +08:00.
        Matcher basic = OFFSET_WITHOUT_COLON.matcher(iso);
        if (basic.matches()) {
            iso = basic.group(1) + ":" + basic.group(2);
        }
        try {
            return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDate.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException ignored) {
            return null;
        }
    }

    /**
     * The form vendors nearly always send, {@code YYYY-MM-DDTHH:MM:SS} then {@code Z} or
     * {@code ±HH:MM}, read without regular expressions or exceptions (a hot path: one call per
     * record). Null for anything else, which {@link #parseInstant} then reads the general way.
     */
    private static Instant canonicalInstant(String t) {
        int n = t.length();
        if ((n != 20 && n != 25) || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
            || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return null;
        }
        int offsetSeconds;
        if (n == 20) {
            if (t.charAt(19) != 'Z') {
                return null;
            }
            offsetSeconds = 0;
        } else {
            char sign = t.charAt(19);
            int oh = digits(t, 20, 2);
            int om = digits(t, 23, 2);
            if ((sign != '+' && sign != '-') || t.charAt(22) != ':' || oh < 0 || om < 0 || oh > 18 || om > 59
                || (oh == 18 && om > 0)) {
                return null;
            }
            offsetSeconds = (sign == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        }
        int y = digits(t, 0, 4);
        int mo = digits(t, 5, 2);
        int d = digits(t, 8, 2);
        int h = digits(t, 11, 2);
        int mi = digits(t, 14, 2);
        int se = digits(t, 17, 2);
        if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0
            || se > 59 || d > YearMonth.of(y, mo).lengthOfMonth()) {
            return null;
        }
        return LocalDateTime.of(y, mo, d, h, mi, se).toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
    }

    /** The non-negative number written by {@code length} ASCII digits at {@code from}; -1 otherwise. */
    private static int digits(String t, int from, int length) {
        int v = 0;
        for (int i = from; i < from + length; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    // ---- stores --------------------------------------------------------------------------

    public static final String IOS = "ios";
    public static final String ANDROID = "android";

    private static final Map<String, String> STORES = new HashMap<>();

    static {
        for (String s : List.of("ios", "app store", "apple", "itunes")) {
            STORES.put(s, IOS);
        }
        for (String s : List.of("android", "google play", "google_play", "googleplay", "gp")) {
            STORES.put(s, ANDROID);
        }
    }

    /** {@code ios} or {@code android}; null for any other spelling or for null. */
    public static String store(String value) {
        String s = spelling(value);
        return s == null ? null : STORES.get(s);
    }

    // ---- countries -----------------------------------------------------------------------

    public static final String WORLDWIDE = "WW";
    public static final String UNKNOWN_ORIGIN = "ZZ";

    /** The ISO 3166-1 alpha-2 codes of Java 17's {@code Locale.getISOCountries()}. */
    public static final Set<String> ISO_COUNTRIES =
        Collections.unmodifiableSet(new HashSet<>(Arrays.asList(Locale.getISOCountries())));

    /** Upper-cased, {@code UK} spelled {@code GB}; null stays null. Validity is a separate question. */
    public static String country(String value) {
        String t = clean(value);
        if (t == null) {
            return null;
        }
        String upper = t.toUpperCase(Locale.ROOT);
        return "UK".equals(upper) ? "GB" : upper;
    }

    public static boolean isIsoCountry(String conformed) {
        return conformed != null && ISO_COUNTRIES.contains(conformed);
    }

    /** The conformed code when it is a valid ISO code, else null (the contract's "becomes null"). */
    public static String isoCountryOrNull(String value) {
        String c = country(value);
        return isIsoCountry(c) ? c : null;
    }

    // ---- counts and money ----------------------------------------------------------------

    private static final Pattern PLAIN_DIGITS = Pattern.compile("\\d+");
    private static final Pattern GROUPED_DIGITS = Pattern.compile("\\d{1,3}(,\\d{3})+");
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    /** decimal(20,2) holds at most 18 integer digits of dollars, i.e. cents below 10^20. */
    private static final BigInteger CENTS_LIMIT = BigInteger.TEN.pow(20);

    /**
     * A non-negative integer: plain digits, or digits grouped in threes by commas
     * ({@code "1,234"}, {@code "12,345,678"}; not {@code "12,34"}). Null when it is anything else.
     */
    public static BigInteger nonNegativeInteger(String value) {
        String t = clean(value);
        if (t == null) {
            return null;
        }
        if (PLAIN_DIGITS.matcher(t).matches()) {
            return new BigInteger(t);
        }
        if (GROUPED_DIGITS.matcher(t).matches()) {
            return new BigInteger(t.replace(",", ""));
        }
        return null;
    }

    /** Downloads as a bigint; null when not a non-negative integer or beyond bigint. */
    public static Long downloads(String value) {
        BigInteger n = nonNegativeInteger(value);
        return n == null || n.compareTo(LONG_MAX) > 0 ? null : n.longValueExact();
    }

    /** {@code revenue_cents / 100} as exact USD with two decimals; null when not a valid count of cents. */
    public static BigDecimal revenueUsd(String cents) {
        BigInteger n = nonNegativeInteger(cents);
        return n == null || n.compareTo(CENTS_LIMIT) >= 0 ? null : new BigDecimal(n, 2);
    }

    // ---- app ids -------------------------------------------------------------------------

    private static final Pattern UNIFIED_APP_ID = Pattern.compile("[0-9a-f]{24}");

    /** The record's own {@code unified_app_id}, lower-cased (null when absent). */
    public static String unifiedAppId(String value) {
        String t = clean(value);
        return t == null ? null : t.toLowerCase(Locale.ROOT);
    }

    public static boolean isValidUnifiedAppId(String lowerCased) {
        return lowerCased != null && UNIFIED_APP_ID.matcher(lowerCased).matches();
    }

    // ---- ad networks and media types -----------------------------------------------------

    public static final String OTHER = "other";
    public static final List<String> NETWORKS = List.of(
        "meta", "tiktok", "google", "applovin", "unity", "mintegral", "ironsource", "snapchat", "x", "liftoff", OTHER);
    public static final List<String> MEDIA_TYPES = List.of("video", "image", "playable", "carousel", OTHER);

    private static final Map<String, String> NETWORK_SPELLINGS = new HashMap<>();

    private static void network(String network, String... spellings) {
        for (String s : spellings) {
            NETWORK_SPELLINGS.put(s, network);
        }
    }

    static {
        network("meta", "facebook", "instagram", "meta", "audience network", "messenger");
        network("tiktok", "tiktok", "pangle");
        network("google", "google", "google ads", "admob", "youtube");
        network("applovin", "applovin");
        network("unity", "unity", "unity ads");
        network("mintegral", "mintegral");
        network("ironsource", "ironsource");
        network("snapchat", "snapchat", "snap");
        network("x", "x", "twitter");
        network("liftoff", "liftoff", "vungle");
    }

    /** The network's conformed name; {@code other} for an unlisted spelling or null. */
    public static String network(String value) {
        String s = spelling(value);
        return s == null ? OTHER : NETWORK_SPELLINGS.getOrDefault(s, OTHER);
    }

    /** Lower-cased media type; {@code other} unless video, image, playable or carousel. */
    public static String mediaType(String value) {
        String s = spelling(value);
        return s != null && MEDIA_TYPES.contains(s) ? s : OTHER;
    }

    /** Origin: the parent's country, else the publisher's, else {@code ZZ}. Inputs already conformed. */
    public static String origin(String parentHqCountry, String publisherHqCountry) {
        if (parentHqCountry != null) {
            return parentHqCountry;
        }
        return publisherHqCountry != null ? publisherHqCountry : UNKNOWN_ORIGIN;
    }
}
