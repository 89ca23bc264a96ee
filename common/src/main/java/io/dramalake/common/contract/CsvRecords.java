package io.dramalake.common.contract;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 parsing for the {@code app_intel} feed: splitting a stream into records (a quoted
 * field may span lines) and a record into fields.
 */
public final class CsvRecords {

    /** Records longer than this many physical lines are not trusted to be one quoted field. */
    static final int MAX_LINES_PER_RECORD = 50;

    private CsvRecords() {
    }

    /**
     * One record's text, the 1-based line it starts on, and what was wrong with its bytes (null when
     * nothing: see {@link LandedLines.Defect}).
     */
    public record RawRecord(String text, long lineNumber, LandedLines.Defect defect) {
        public RawRecord(String text, long lineNumber) {
            this(text, lineNumber, null);
        }
    }

    /**
     * Reads the records of a stream. A quoted field left open joins the following lines; if it is
     * still open at the end of the file or after {@link #MAX_LINES_PER_RECORD} lines, each line is
     * returned on its own (and will be rejected as malformed), so one stray quote never swallows a
     * file. Under RFC 4180 only a quote at the very start of a field opens a quoted field: a quote
     * inside an unquoted field ({@code The 5" Wife}) is data and never joins lines.
     *
     * <p>Hand-written rather than univocity's parser: bronze needs each record's raw text and the
     * line it starts on, the fall-back to one record per line after 50 lines, and the bytes seen
     * before they are decoded (bad UTF-8, NUL, a bound on a line's length); univocity gives parsed
     * fields from a decoded {@code Reader} and has no such fall-back.
     */
    public static final class Reader {
        private final LandedLines in;
        private final List<RawRecord> pending = new ArrayList<>();
        private long lineNumber;

        public Reader(java.io.InputStream in) {
            this.in = new LandedLines(in, true);
        }

        /** The next record, or null at the end of the stream. */
        public RawRecord next() throws IOException {
            if (!pending.isEmpty()) {
                return pending.remove(0);
            }
            in.newRecord();
            LandedLines.Line line = in.next();
            if (line == null) {
                return null;
            }
            long start = ++lineNumber;
            if (!in.quoteOpen()) {
                return new RawRecord(line.text(), start, line.defect());
            }
            List<LandedLines.Line> lines = new ArrayList<>();
            lines.add(line);
            boolean open = true;
            while (open && lines.size() < MAX_LINES_PER_RECORD) {
                LandedLines.Line more = in.next();
                if (more == null) {
                    break;
                }
                lineNumber++;
                lines.add(more);
                open = in.quoteOpen();
            }
            if (!open) {
                return joined(lines, start);
            }
            for (int i = 0; i < lines.size(); i++) {
                pending.add(new RawRecord(lines.get(i).text(), start + i, lines.get(i).defect()));
            }
            return pending.remove(0);
        }

        /** The lines of one multi-line record; longer than the limit as a whole, it is cut there. */
        private static RawRecord joined(List<LandedLines.Line> lines, long start) {
            StringBuilder text = new StringBuilder();
            long bytes = -1;
            LandedLines.Defect defect = null;
            for (LandedLines.Line l : lines) {
                if (bytes >= 0) {
                    text.append('\n');
                }
                text.append(l.text());
                bytes += l.bytes() + 1;
                defect = LandedLines.Defect.worst(defect, l.defect());
            }
            if (bytes > LandedLines.MAX_RECORD_BYTES && (defect == null || defect.reason() != RejectReason.TOO_LONG)) {
                defect = new LandedLines.Defect(RejectReason.TOO_LONG, "a record of " + bytes + " bytes on "
                    + lines.size() + " lines; the limit is " + LandedLines.MAX_RECORD_BYTES + " (the record is cut there)");
            }
            if (text.length() > LandedLines.MAX_RECORD_BYTES) {
                int cut = LandedLines.MAX_RECORD_BYTES;
                if (Character.isHighSurrogate(text.charAt(cut - 1))) {
                    cut--;
                }
                text.setLength(cut);
            }
            return new RawRecord(text.toString(), start, defect);
        }
    }

    /**
     * Splits one record into its fields, undoing RFC 4180 quoting. Lenient about a quote inside an
     * unquoted field (kept as text); returns null only for a quote still open at the end.
     */
    public static List<String> fields(String record) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStart = true;
        for (int i = 0; i < record.length(); i++) {
            char c = record.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < record.length() && record.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == ',') {
                out.add(field.toString());
                field.setLength(0);
                fieldStart = true;
                continue;
            } else if (c == '"' && fieldStart) {
                quoted = true;
            } else {
                field.append(c);
            }
            fieldStart = false;
        }
        if (quoted) {
            return null;
        }
        out.add(field.toString());
        return out;
    }
}
