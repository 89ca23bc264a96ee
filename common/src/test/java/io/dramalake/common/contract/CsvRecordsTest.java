package io.dramalake.common.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {

    private static List<CsvRecords.RawRecord> records(String text) throws Exception {
        CsvRecords.Reader r = new CsvRecords.Reader(new BufferedReader(new StringReader(text)));
        List<CsvRecords.RawRecord> out = new ArrayList<>();
        for (CsvRecords.RawRecord rec = r.next(); rec != null; rec = r.next()) {
            out.add(rec);
        }
        return out;
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
}
