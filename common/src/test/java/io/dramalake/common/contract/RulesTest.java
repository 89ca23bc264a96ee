package io.dramalake.common.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RulesTest {

    @Test
    void dumpsMayBeDatedUpToTheToleranceAfterTodayInUtc() {
        Instant lateEvening = Instant.parse("2026-12-01T23:59:59Z");
        assertEquals(LocalDate.parse("2026-12-02"), Rules.latestDumpDate(lateEvening, Rules.FUTURE_DUMP_DAYS));
        assertEquals(LocalDate.parse("2026-12-01"), Rules.latestDumpDate(lateEvening, 0));
        assertEquals(LocalDate.parse("2026-12-08"), Rules.latestDumpDate(Instant.parse("2026-12-01T00:00:00Z"), 7));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> Rules.latestDumpDate(lateEvening, -1));
    }

    @Test
    void trimsAndTurnsEmptyIntoNull() {
        assertEquals("ReelShort", Rules.clean("  ReelShort \t"));
        assertNull(Rules.clean("   "));
        assertNull(Rules.clean(""));
        assertNull(Rules.clean(null));
    }

    @ParameterizedTest
    @CsvSource({"2025-03-01,2025-03-01", "2025/03/01,2025-03-01", "20250301,2025-03-01", " 2024-02-29 ,2024-02-29"})
    void acceptsTheThreeDayFormats(String text, String day) {
        assertEquals(LocalDate.parse(day), Rules.parseDay(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-02-29", "2025-02-30", "2025-13-01", "03/01/2025", "2025-3-1", "2025/03-01",
        "2025-03-01T00:00:00", "250301", "yesterday", ""})
    void rejectsEverythingElse(String text) {
        assertNull(Rules.parseDay(text));
    }

    @Test
    void asOfIsIsoOrTheStartOfTheDumpDate() {
        LocalDate dump = LocalDate.parse("2025-03-02");
        assertEquals(Instant.parse("2025-03-02T01:00:00Z"), Rules.parseAsOf("2025-03-02T01:00:00Z", dump));
        assertEquals(Instant.parse("2025-03-01T23:00:00Z"), Rules.parseAsOf("2025-03-02T07:00:00+08:00", dump));
        assertEquals(Instant.parse("2025-03-02T01:00:00Z"), Rules.parseAsOf("2025-03-02 01:00:00", dump));
        assertEquals(Instant.parse("2025-03-01T23:00:00.5Z"), Rules.parseAsOf("2025-03-02T07:00:00.5+0800", dump));
        assertEquals(Instant.parse("2025-03-01T00:00:00Z"), Rules.parseAsOf("2025-03-01", dump));
        assertEquals(Instant.parse("2025-03-02T00:00:00Z"), Rules.parseAsOf(null, dump));
        assertEquals(Instant.parse("2025-03-02T00:00:00Z"), Rules.parseAsOf("", dump));
        assertEquals(Instant.parse("2025-03-02T00:00:00Z"), Rules.parseAsOf("not a time", dump));
    }

    /** The canonical forms are read by a hand-written fast path; its edges must agree with java.time. */
    @ParameterizedTest
    @CsvSource({"2025-03-02T07:00:00-05:30,2025-03-02T12:30:00Z", "2024-02-29T23:59:59Z,2024-02-29T23:59:59Z",
        "2025-12-31T23:00:00-18:00,2026-01-01T17:00:00Z", "2025-01-01T00:30:00+18:00,2024-12-31T06:30:00Z",
        "2025-01-01T00:00:00-00:00,2025-01-01T00:00:00Z", "2025-01-01T10:00:00z,2025-01-01T10:00:00Z"})
    void canonicalTimesWithOffsets(String text, String instant) {
        assertEquals(Instant.parse(instant), Rules.parseAsOf(text, LocalDate.parse("2020-01-01")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-02-29T10:00:00Z", "2025-04-31T10:00:00Z", "2025-01-01T24:00:00Z",
        "2025-01-01T10:60:00Z", "2025-01-01T10:00:60Z", "2025-01-01T10:00:00+19:00", "2025-01-01T10:00:00+18:30",
        "2025-01-01T10:00:00+05:60", "2025-00-01T10:00:00Z", "2025-01-01T1a:00:00Z"})
    void invalidCanonicalTimesFallBackToTheDumpDate(String text) {
        assertEquals(Instant.parse("2020-01-01T00:00:00Z"), Rules.parseAsOf(text, LocalDate.parse("2020-01-01")));
    }

    @ParameterizedTest
    @CsvSource({"ios,ios", "iOS,ios", "App Store,ios", "APPLE,ios", "itunes,ios", "android,android",
        "Google Play,android", "google_play,android", "GooglePlay,android", "gp,android", " GP ,android"})
    void storeSpellings(String spelling, String store) {
        assertEquals(store, Rules.store(spelling));
    }

    @ParameterizedTest
    @ValueSource(strings = {"amazon", "huawei", "play", "google", ""})
    void unknownStoresAreNull(String spelling) {
        assertNull(Rules.store(spelling));
    }

    @Test
    void countriesAreUpperCasedWithUkAsGb() {
        assertEquals("US", Rules.country("us"));
        assertEquals("GB", Rules.country("uk"));
        assertEquals("WW", Rules.country("ww"));
        assertTrue(Rules.isIsoCountry("GB"));
        assertFalse(Rules.isIsoCountry("XX"));
        assertFalse(Rules.isIsoCountry("WW"));
        assertNull(Rules.isoCountryOrNull("XX"));
        assertEquals("CN", Rules.isoCountryOrNull(" cn "));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"0;0", "1234;1234", "1,234;1234", "12,345,678;12345678", "007;7", " 5 ;5"})
    void nonNegativeIntegers(String text, long value) {
        assertEquals(value, Rules.downloads(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"12,34", "1,2345", ",123", "123,", "-5", "+5", "1.0", "1e5", "abc", "", "99999999999999999999"})
    void notNonNegativeIntegers(String text) {
        assertNull(Rules.downloads(text));
    }

    @Test
    void revenueIsExactUsd() {
        assertEquals(new BigDecimal("999.99"), Rules.revenueUsd("99999"));
        assertEquals(new BigDecimal("3000.00"), Rules.revenueUsd("300,000"));
        assertEquals(new BigDecimal("0.00"), Rules.revenueUsd("0"));
        assertEquals(new BigDecimal("0.01"), Rules.revenueUsd("1"));
        assertNull(Rules.revenueUsd("12.5"));
        assertNull(Rules.revenueUsd("100000000000000000000"));
    }

    @ParameterizedTest
    @CsvSource({"Facebook,meta", "instagram,meta", "Audience Network,meta", "audience  network,meta", "Messenger,meta",
        "TikTok,tiktok", "Pangle,tiktok", "google,google", "Google Ads,google", "AdMob,google", "YouTube,google",
        "AppLovin,applovin", "Unity,unity", "Unity Ads,unity", "Mintegral,mintegral", "ironSource,ironsource",
        "Snapchat,snapchat", "snap,snapchat", "X,x", "Twitter,x", "Liftoff,liftoff", "Vungle,liftoff",
        "Reddit,other", "facebook ads,other"})
    void networks(String spelling, String network) {
        assertEquals(network, Rules.network(spelling));
    }

    @Test
    void nullNetworkAndMediaAreOther() {
        assertEquals("other", Rules.network(null));
        assertEquals("other", Rules.mediaType(null));
        assertEquals("video", Rules.mediaType("VIDEO"));
        assertEquals("carousel", Rules.mediaType(" Carousel "));
        assertEquals("other", Rules.mediaType("gif"));
    }

    @Test
    void originIsParentThenPublisherThenZz() {
        assertEquals("CN", Rules.origin("CN", "US"));
        assertEquals("SG", Rules.origin(null, "SG"));
        assertEquals("ZZ", Rules.origin(null, null));
    }

    @Test
    void unifiedAppIdsAre24HexDigitsAfterLowerCasing() {
        assertTrue(Rules.isValidUnifiedAppId(Rules.unifiedAppId("AAAAAAAAAAAAAAAAAAAAAAA1")));
        assertFalse(Rules.isValidUnifiedAppId(Rules.unifiedAppId("aaaaaaaaaaaaaaaaaaaaaaa")));
        assertFalse(Rules.isValidUnifiedAppId(Rules.unifiedAppId("gaaaaaaaaaaaaaaaaaaaaaa1")));
        assertFalse(Rules.isValidUnifiedAppId(null));
    }
}
