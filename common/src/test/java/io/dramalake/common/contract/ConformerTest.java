package io.dramalake.common.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Each reject reason, and the contract's order when a record has several faults. */
class ConformerTest {

    private static final LocalDate DUMP = LocalDate.parse("2025-03-02");
    private static final String HEADER = "date,store,app_id,unified_app_id,app_name,publisher_name,country,downloads,"
        + "revenue_cents,as_of";
    private static final String ID = "aaaaaaaaaaaaaaaaaaaaaaa1";

    private static Row intel(String record) {
        return new AppIntelConformer().conform(record, HEADER, DUMP, "f.csv", 2);
    }

    private static List<String> strings(Row r, String field) {
        return java.util.Arrays.asList((String[]) r.get(r.fieldIndex(field)));
    }

    private static String reason(Row r) {
        return r.getString(r.fieldIndex(Conformer.REASON));
    }

    @Test
    void appIntelRejectsInTheContractsOrder() {
        assertNull(reason(intel("2025-03-01,ios,1," + ID + ",n,p,US,1,1,")));
        assertEquals("malformed", reason(intel("2025-03-01,ios,1")));
        assertEquals("bad_date", reason(intel("2025-02-30,amazon,,x,n,p,XX,-1,-1,")));
        assertEquals("future_date", reason(intel("2025-03-03,amazon,,x,n,p,XX,-1,-1,")));
        assertEquals("unknown_store", reason(intel("2025-03-01,amazon,,x,n,p,XX,-1,-1,")));
        assertEquals("missing_app_id", reason(intel("2025-03-01,ios,,x,n,p,XX,-1,-1,")));
        assertEquals("bad_country", reason(intel("2025-03-01,ios,1,x,n,p,XX,-1,-1,")));
        assertEquals("bad_downloads", reason(intel("2025-03-01,ios,1,x,n,p,WW,-1,-1,")));
        assertEquals("bad_revenue", reason(intel("2025-03-01,ios,1,x,n,p,WW,1,-1,")));
        assertEquals("worldwide_total", reason(intel("2025-03-01,ios,1,x,n,p,WW,1,1,")));
        assertEquals("bad_downloads", reason(intel("2025-03-01,ios,1,x,n,p,US,,1,")));
    }

    @Test
    void appIntelMatchesHeadersByNameInAnyOrderAndCase() {
        Row r = new AppIntelConformer().conform("US,\"1,234\",ios,2025/03/01,1,zz,9999",
            "\uFEFFCountry, DOWNLOADS ,Store,Date,app_id,extra,Revenue_Cents", DUMP, "f.csv", 2);
        assertNull(reason(r));
        assertEquals(1234L, r.getLong(r.fieldIndex("downloads")));
        assertEquals(new BigDecimal("99.99"), r.getDecimal(r.fieldIndex("revenue_usd")));
        assertEquals("ios", r.getString(r.fieldIndex("store")));
        assertNull(r.get(r.fieldIndex("unified_app_id")));
        assertEquals(java.sql.Timestamp.from(java.time.Instant.parse("2025-03-02T00:00:00Z")),
            r.getTimestamp(r.fieldIndex("as_of")));
    }

    @Test
    void appsRejectBadIdsAndNullInvalidCountries() {
        AppsConformer c = new AppsConformer();
        Row ok = c.conform("{\"unified_app_id\":\"" + ID.toUpperCase() + "\",\"publisher_hq_country\":\"uk\","
            + "\"parent_hq_country\":\"XX\",\"store_ids\":{\"ios\":123}}", null, DUMP, "a.jsonl", 1);
        assertNull(reason(ok));
        assertEquals(ID, ok.getString(0));
        assertEquals("GB", ok.getString(ok.fieldIndex("publisher_hq_country")));
        assertNull(ok.get(ok.fieldIndex("parent_hq_country")));
        assertEquals("GB", ok.getString(ok.fieldIndex("origin_country")));
        assertEquals("123", ok.getStruct(ok.fieldIndex("store_ids")).getString(0));
        assertEquals(List.of("bad_parent_hq_country"), strings(ok, Conformer.WARNINGS));
        assertEquals("bad_app_id", reason(c.conform("{\"unified_app_id\":\"xyz\"}", null, DUMP, "a", 1)));
        assertEquals("bad_app_id", reason(c.conform("{\"app_name\":\"no id\"}", null, DUMP, "a", 1)));
        assertEquals("malformed", reason(c.conform("{\"unified_app_id\":", null, DUMP, "a", 1)));
        assertEquals("malformed", reason(c.conform("[1,2]", null, DUMP, "a", 1)));
        assertEquals("malformed", reason(c.conform("", null, DUMP, "a", 1)));
        assertEquals("ZZ", c.conform("{\"unified_app_id\":\"" + ID + "\"}", null, DUMP, "a", 1)
            .getString(6));
    }

    private static Row creative(String json) {
        return new AdCreativeConformer().conform(json, null, DUMP, "c.jsonl", 1);
    }

    @Test
    void creativesRejectInTheContractsOrder() {
        String app = "\"unified_app_id\":\"" + ID + "\"";
        assertNull(reason(creative("{\"creative_id\":\"c\"," + app + ",\"first_seen\":\"2025-03-01\",\"last_seen\":\"2025-03-02\"}")));
        assertEquals("bad_creative_id", reason(creative("{\"first_seen\":\"x\"}")));
        assertEquals("bad_date", reason(creative("{\"creative_id\":\"c\",\"first_seen\":\"2025-03-03\",\"last_seen\":\"x\"}")));
        assertEquals("bad_date", reason(creative("{\"creative_id\":\"c\",\"last_seen\":\"2025-03-01\"}")));
        assertEquals("future_date", reason(creative("{\"creative_id\":\"c\",\"first_seen\":\"2025-03-01\",\"last_seen\":\"2025-03-03\"}")));
        assertEquals("bad_seen_range", reason(creative("{\"creative_id\":\"c\",\"first_seen\":\"2025-03-02\",\"last_seen\":\"2025-03-01\"}")));
        assertEquals("missing_app", reason(creative("{\"creative_id\":\"c\",\"first_seen\":\"2025-03-01\",\"last_seen\":\"2025-03-01\",\"store\":\"ios\"}")));
        assertEquals("missing_app", reason(creative("{\"creative_id\":\"c\",\"first_seen\":\"2025-03-01\",\"last_seen\":\"2025-03-01\",\"store\":\"amazon\",\"app_id\":\"1\"}")));
        assertNull(reason(creative("{\"creative_id\":\"c\",\"first_seen\":\"2025-03-01\",\"last_seen\":\"2025-03-01\",\"store\":\"GP\",\"app_id\":\"x\"}")));
    }

    @Test
    void creativesConformNetworkMediaCountriesAndImpressions() {
        Row r = creative("{\"creative_id\":7,\"store\":\"huawei\",\"unified_app_id\":\"" + ID + "\","
            + "\"network\":\"Vungle\",\"media_type\":\"GIF\",\"first_seen\":\"20250301\",\"last_seen\":\"2025/03/02\","
            + "\"countries\":[\"us\",\"UK\",\"XX\",\"us\"],\"impressions\":-3}");
        assertNull(reason(r));
        assertEquals("7", r.getString(0));
        assertNull(r.get(r.fieldIndex("store")));
        assertEquals("liftoff", r.getString(r.fieldIndex("network")));
        assertEquals("other", r.getString(r.fieldIndex("media_type")));
        assertEquals(List.of("GB", "US"), strings(r, "countries"));
        assertNull(r.get(r.fieldIndex("impressions")));
        assertEquals(List.of("bad_country_dropped", "bad_impressions"), strings(r, Conformer.WARNINGS));
    }

    @Test
    void recordsWhoseBytesCouldNotBeReadAreRejectedFirstWithTheirOwnReason() {
        AppIntelConformer c = new AppIntelConformer();
        String good = "2025-03-01,ios,1," + ID + ",n,p,US,1,1,";
        assertNull(reason(c.conform(good, HEADER, DUMP, "f.csv", 2, null)));
        // too_long and bad_encoding come from the reader; they win over malformed (the text is not what was sent)
        Row cut = c.conform("2025-03-01,ios,1", HEADER, DUMP, "f.csv", 2,
            "too_long: a line of 52428806 bytes; the limit is 65536 (the record is cut there)");
        assertEquals("too_long", reason(cut));
        assertEquals("a line of 52428806 bytes; the limit is 65536 (the record is cut there)",
            cut.getString(cut.fieldIndex(Conformer.DETAIL)));
        assertEquals("2025-03-01,ios,1", cut.getString(cut.fieldIndex(Conformer.RAW_RECORD)));
        assertEquals("bad_encoding", reason(c.conform(good.replace(",n,", ",Caf\uFFFD,"), HEADER, DUMP, "f.csv", 2,
            "bad_encoding: not UTF-8: byte 34 of the line is 0xE9 (shown as U+FFFD)")));
        // a NUL in the text is seen even without the reader's word (a bronze row of an older release)
        Row nul = c.conform(good.replace(",n,", ",Reel\u0000Short,"), HEADER, DUMP, "f.csv", 2, null);
        assertEquals("nul_byte", reason(nul));
        assertEquals("a NUL character at character 47 of the record", nul.getString(nul.fieldIndex(Conformer.DETAIL)));
        assertNull(nul.get(nul.fieldIndex("app_name")), "never a silver value");
        assertEquals("nul_byte", reason(new AppsConformer().conform("{\"unified_app_id\":\"" + ID + "\",\"app_name\":\"a\u0000\"}",
            null, DUMP, "a.jsonl", 1, null)));
        assertEquals("nul_byte", reason(new AdCreativeConformer().conform("{\"creative_id\":\"\u0000\"}",
            null, DUMP, "c.jsonl", 1, "nul_byte: a NUL byte at byte 17 of the line")));
        // A quote inside an unquoted field is data: the name lands as written.
        Row quote = c.conform("2025-03-01,ios,1," + ID + ",The 5\" Wife,p,US,1,1,", HEADER, DUMP, "f.csv", 2, null);
        assertNull(reason(quote));
        assertEquals("The 5\" Wife", quote.getString(quote.fieldIndex("app_name")));
    }
}
