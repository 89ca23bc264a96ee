package io.dramalake.common.contract;

import java.io.BufferedReader;
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

    /** One record's text and the 1-based line it starts on. */
    public record RawRecord(String text, long lineNumber) {
    }

    /**
     * Reads the records of a stream. A quote left open joins the following lines; if it is still
     * open at the end of the file or after {@link #MAX_LINES_PER_RECORD} lines, each line is
     * returned on its own (and will be rejected as malformed), so one stray quote never swallows a file.
     */
    public static final class Reader {
        private final BufferedReader in;
        private final List<RawRecord> pending = new ArrayList<>();
        private long lineNumber;
        private boolean first = true;

        public Reader(BufferedReader in) {
            this.in = in;
        }

        /** The next record, or null at the end of the stream. */
        public RawRecord next() throws IOException {
            if (!pending.isEmpty()) {
                return pending.remove(0);
            }
            String line = readLine();
            if (line == null) {
                return null;
            }
            long start = lineNumber;
            if (!quoteOpen(line, false)) {
                return new RawRecord(line, start);
            }
            List<String> lines = new ArrayList<>();
            lines.add(line);
            StringBuilder text = new StringBuilder(line);
            boolean open = true;
            while (open && lines.size() < MAX_LINES_PER_RECORD) {
                String more = readLine();
                if (more == null) {
                    break;
                }
                lines.add(more);
                text.append('\n').append(more);
                open = quoteOpen(more, true);
            }
            if (!open) {
                return new RawRecord(text.toString(), start);
            }
            for (int i = 0; i < lines.size(); i++) {
                pending.add(new RawRecord(lines.get(i), start + i));
            }
            return pending.remove(0);
        }

        private boolean inQuotes;

        /** Tracks quote state across lines: true when the record's quote is still open after this line. */
        private boolean quoteOpen(String line, boolean continuing) {
            if (!continuing) {
                inQuotes = false;
            }
            for (int i = 0; i < line.length(); i++) {
                if (line.charAt(i) == '"') {
                    inQuotes = !inQuotes;
                }
            }
            return inQuotes;
        }

        private String readLine() throws IOException {
            String line = in.readLine();
            if (line == null) {
                return null;
            }
            lineNumber++;
            if (first) {
                first = false;
                if (!line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
            }
            return line;
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
