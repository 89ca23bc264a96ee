package io.dramalake.common.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {

    private static List<CsvRecords.RawRecord> records(String text) throws Exception {
        return records(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<CsvRecords.RawRecord> records(InputStream in) throws Exception {
        CsvRecords.Reader r = new CsvRecords.Reader(in);
        List<CsvRecords.RawRecord> out = new ArrayList<>();
        for (CsvRecords.RawRecord rec = r.next(); rec != null; rec = r.next()) {
            out.add(rec);
        }
        return out;
    }

    private static InputStream bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return new ByteArrayInputStream(out);
    }

    private static InputStream ascii(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code n} bytes of {@code b}, made as they are read: a line that never exists whole in memory. */
    private static InputStream repeated(long n, byte b) {
        return new InputStream() {
            long left = n;

            @Override
            public int read() {
                return left-- > 0 ? b : -1;
            }

            @Override
            public int read(byte[] buf, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int k = (int) Math.min(len, left);
                java.util.Arrays.fill(buf, off, off + k, b);
                left -= k;
                return k;
            }
        };
    }

    private static InputStream concat(InputStream... parts) {
        InputStream s = parts[0];
        for (int i = 1; i < parts.length; i++) {
            s = new SequenceInputStream(s, parts[i]);
        }
        return s;
    }

    private static String reason(CsvRecords.RawRecord r) {
        return r.defect() == null ? null : r.defect().reason().code();
    }

    @Test
    void splitsQuotedFields() {
        assertEquals(List.of("a", "b, c", "say \"hi\"", ""), CsvRecords.fields("a,\"b, c\",\"say \"\"hi\"\"\","));
        assertEquals(List.of(""), CsvRecords.fields(""));
        assertNull(CsvRecords.fields("a,\"open"));
    }

    @Test
    void aQuotedNewlineKeepsTheRecordTogetherAndLinesAreCounted() throws Exception {
        List<CsvRecords.RawRecord> r = records("\uFEFFh1,h2\r\nx,\"two\nlines\"\ny,z\n");
        assertEquals(3, r.size());
        assertEquals(new CsvRecords.RawRecord("h1,h2", 1), r.get(0));
        assertEquals(new CsvRecords.RawRecord("x,\"two\nlines\"", 2), r.get(1));
        assertEquals(new CsvRecords.RawRecord("y,z", 4), r.get(2));
    }

    @Test
    void aQuoteLeftOpenDoesNotSwallowTheFile() throws Exception {
        List<CsvRecords.RawRecord> r = records("a,\"b\nc,d\ne,f\n");
        assertEquals(List.of(new CsvRecords.RawRecord("a,\"b", 1), new CsvRecords.RawRecord("c,d", 2),
            new CsvRecords.RawRecord("e,f", 3)), r);
    }

    @Test
    void aQuoteInsideAnUnquotedFieldIsDataAndJoinsNothing() throws Exception {
        // Two stray quotes 3 lines apart used to join lines 2-4 into one record (rejected malformed).
        List<CsvRecords.RawRecord> r = records("store,app_name,downloads\nios,The 5\" Wife,1\nios,Good,2\n"
            + "ios,Her 9\" Heels,3\nios,\"Quoted, \"\"5\"\"\"\" Wife\",4\n");
        assertEquals(List.of(new CsvRecords.RawRecord("store,app_name,downloads", 1),
            new CsvRecords.RawRecord("ios,The 5\" Wife,1", 2), new CsvRecords.RawRecord("ios,Good,2", 3),
            new CsvRecords.RawRecord("ios,Her 9\" Heels,3", 4),
            new CsvRecords.RawRecord("ios,\"Quoted, \"\"5\"\"\"\" Wife\",4", 5)), r);
        assertEquals(List.of("ios", "The 5\" Wife", "1"), CsvRecords.fields(r.get(1).text()));
        assertEquals(List.of("ios", "Quoted, \"5\"\" Wife", "4"), CsvRecords.fields(r.get(4).text()));
    }

    @Test
    void aQuoteStillOpenAfterFiftyLinesGivesEachLineItsOwnRecord() throws Exception {
        StringBuilder text = new StringBuilder("h\na,\"b\n");
        for (int i = 3; i <= 60; i++) {
            text.append("l").append(i).append('\n');
        }
        text.append("c,\"d\ne\",f\n");
        List<CsvRecords.RawRecord> r = records(text.toString());
        assertEquals(61, r.size());
        assertEquals(new CsvRecords.RawRecord("a,\"b", 2), r.get(1));
        assertEquals(new CsvRecords.RawRecord("l51", 51), r.get(50));
        // line 52 starts afresh: l52 .. l60, then a record of two lines
        assertEquals(new CsvRecords.RawRecord("l52", 52), r.get(51));
        assertEquals(new CsvRecords.RawRecord("c,\"d\ne\",f", 61), r.get(60));
    }

    @Test
    void lineEndsAreThoseOfReadLine() throws Exception {
        assertEquals(List.of(new CsvRecords.RawRecord("a", 1), new CsvRecords.RawRecord("b", 2),
            new CsvRecords.RawRecord("c", 3), new CsvRecords.RawRecord("", 4), new CsvRecords.RawRecord("d", 5)),
            records("a\r\nb\rc\n\nd"));
        assertEquals(List.of(), records(""));
        assertEquals(List.of(new CsvRecords.RawRecord("x", 1)), records(bytes(0xEF, 0xBB, 0xBF, 'x', '\n')));
    }

    @Test
    void latin1BytesAreSeenNotReplacedSilently() throws Exception {
        // "Caf\u00e9" in Latin-1: 0xE9 then ',' is no UTF-8 sequence
        List<CsvRecords.RawRecord> r = records(bytes('h', '\n', 'C', 'a', 'f', 0xE9, ',', '1', '\n', 0xC3, 0xA9, '\n'));
        assertEquals("Caf\uFFFD,1", r.get(1).text());
        assertEquals("bad_encoding", reason(r.get(1)));
        assertEquals("not UTF-8: byte 4 of the line is 0xE9 (shown as U+FFFD)", r.get(1).defect().detail());
        assertEquals(new CsvRecords.RawRecord("\u00e9", 3), r.get(2));
        // Overlong forms and encoded surrogates are not UTF-8 either.
        assertEquals("bad_encoding", reason(records(bytes(0xC0, 0xAF, '\n')).get(0)));
        assertEquals("bad_encoding", reason(records(bytes(0xED, 0xA0, 0x80, '\n')).get(0)));
    }

    @Test
    void nulBytesAreSeen() throws Exception {
        List<CsvRecords.RawRecord> r = records(bytes('h', '\n', 'R', 'e', 'e', 'l', 0, 'S', '\n'));
        assertEquals("Reel\u0000S", r.get(1).text());
        assertEquals("nul_byte", reason(r.get(1)));
        assertEquals("a NUL byte at byte 5 of the line", r.get(1).defect().detail());
        // both: the encoding is named first
        assertEquals("bad_encoding", reason(records(bytes(0, 0xE9, '\n')).get(0)));
    }

    @Test
    void aFiftyMegabyteLineIsCutAtTheLimitWithoutBeingHeld() throws Exception {
        long big = 50L * 1024 * 1024;
        List<CsvRecords.RawRecord> r = records(concat(ascii("h\nios,"), repeated(big, (byte) 'x'), ascii(",1\nios,ok,2\n")));
        assertEquals(3, r.size());
        assertEquals(LandedLines.MAX_RECORD_BYTES, r.get(1).text().length());
        assertEquals("too_long", reason(r.get(1)));
        assertEquals("a line of 52428806 bytes; the limit is 65536 (the record is cut there)", r.get(1).defect().detail());
        assertEquals(new CsvRecords.RawRecord("ios,ok,2", 3), r.get(2));
    }

    @Test
    void quotingIsFollowedPastTheLimit() throws Exception {
        // The quote that opens a multi-line field lies beyond the kept 64 KiB: the record still ends
        // where its quoted field closes, two lines later.
        List<CsvRecords.RawRecord> r = records(concat(ascii("a,"), repeated(70_000, (byte) 'x'), ascii(",\"open\nstill\nshut\",z\nnext\n")));
        assertEquals(2, r.size());
        assertEquals(1, r.get(0).lineNumber());
        assertEquals("too_long", reason(r.get(0)));
        assertEquals(new CsvRecords.RawRecord("next", 4), r.get(1));
        // Lines each within the limit, a record beyond it: cut, with its size.
        List<CsvRecords.RawRecord> two = records(concat(ascii("a,\""), repeated(40_000, (byte) 'y'), ascii("\n"),
            repeated(40_000, (byte) 'z'), ascii("\"\n")));
        assertEquals(1, two.size());
        assertEquals(LandedLines.MAX_RECORD_BYTES, two.get(0).text().length());
        assertEquals("a record of 80005 bytes on 2 lines; the limit is 65536 (the record is cut there)",
            two.get(0).defect().detail());
        // A multi-byte character is never cut in half.
        String e = "a" + "\u00e9".repeat(40_000);
        List<CsvRecords.RawRecord> wide = records(e + "\n");
        assertEquals(e.substring(0, 32_768), wide.get(0).text());
        assertEquals("too_long", reason(wide.get(0)));
    }

    @Test
    void jsonLinesIgnoreQuotesAndKeepTheLimit() throws Exception {
        LandedLines lines = new LandedLines(concat(ascii("{\"a\":\"x\n"), repeated(70_000, (byte) 'q'), ascii("\n{}")), false);
        assertEquals("{\"a\":\"x", lines.next().text());
        LandedLines.Line longLine = lines.next();
        assertEquals(70_000, longLine.bytes());
        assertEquals(RejectReason.TOO_LONG, longLine.defect().reason());
        assertEquals("{}", lines.next().text());
        assertNull(lines.next());
    }
}
