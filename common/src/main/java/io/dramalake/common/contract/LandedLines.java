package io.dramalake.common.contract;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The physical lines of a landed file, read as bytes so that bad bytes are seen rather than
 * silently replaced: each line is checked for valid UTF-8 and NUL bytes, and at most
 * {@link #MAX_RECORD_BYTES} of it are kept (the rest is counted, never held in memory).
 * Line ends are those of {@link java.io.BufferedReader#readLine()}: {@code \n}, {@code \r\n} or
 * {@code \r}. A byte-order mark at the start of the file is dropped.
 */
public final class LandedLines {

    /** The longest record (line, or lines of one CSV record) the lake accepts, in bytes of UTF-8. */
    public static final int MAX_RECORD_BYTES = 64 * 1024;

    /**
     * One physical line: its text (at most {@link #MAX_RECORD_BYTES} bytes of it), its full length in
     * bytes without the line end, and what was wrong with its bytes (null when nothing).
     */
    public record Line(String text, long bytes, Defect defect) {
    }

    /** A record that cannot be read faithfully, first kind wins: {@code too_long}, {@code bad_encoding}, {@code nul_byte}. */
    public record Defect(RejectReason reason, String detail) implements java.io.Serializable {
        /** As stored in bronze's {@code read_defect} column: {@code reason: detail}. */
        public String text() {
            return reason.code() + ": " + detail;
        }

        /** The stored form back; null stays null. */
        public static Defect parse(String text) {
            if (text == null) {
                return null;
            }
            int colon = text.indexOf(": ");
            String code = colon < 0 ? text : text.substring(0, colon);
            return new Defect(RejectReason.valueOf(code.toUpperCase(java.util.Locale.ROOT)),
                colon < 0 ? "" : text.substring(colon + 2));
        }

        /** The more serious of two defects (either may be null). */
        static Defect worst(Defect a, Defect b) {
            if (a == null) {
                return b;
            }
            return b == null || rank(a.reason) <= rank(b.reason) ? a : b;
        }

        private static int rank(RejectReason r) {
            return switch (r) {
                case TOO_LONG -> 0;
                case BAD_ENCODING -> 1;
                default -> 2;
            };
        }
    }

    /** RFC 4180 field state, tracked byte by byte ({@code "} and {@code ,} never occur inside a UTF-8 sequence). */
    private static final int FIELD_START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    /** A quote inside a quoted field: the closing one, or the first of a doubled pair. */
    private static final int QUOTE_IN_QUOTED = 3;

    private final InputStream in;
    private final boolean csv;
    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private int end;
    private final byte[] line = new byte[MAX_RECORD_BYTES];
    private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private CharBuffer chars = CharBuffer.allocate(1024);
    private boolean first = true;
    private boolean eof;
    private int state = FIELD_START;

    /**
     * {@code csv}: also track RFC 4180 quoting, so that {@link #quoteOpen()} tells whether a quoted
     * field is still open after the line (only a quote at the very start of a field opens one).
     */
    public LandedLines(InputStream in, boolean csv) {
        this.in = in;
        this.csv = csv;
    }

    /** Whether the last line read ended inside a quoted field (CSV only). */
    public boolean quoteOpen() {
        return state == QUOTED;
    }

    /** Starts a new CSV record: the next line begins at the start of a field, outside quotes. */
    public void newRecord() {
        state = FIELD_START;
    }

    /** The next line, or null at the end of the stream. */
    public Line next() throws IOException {
        if (!fill()) {
            return null;
        }
        if (first) {
            first = false;
            skipByteOrderMark();
            if (!fill()) {
                return new Line("", 0, null);
            }
        }
        long total = 0;
        int kept = 0;
        boolean nonAscii = false;
        long nulAt = -1;
        int s = state;
        while (true) {
            if (pos == end && !fill()) {
                break;
            }
            byte b = buffer[pos++];
            if (b == '\n') {
                break;
            }
            if (b == '\r') {
                if ((pos < end || fill()) && buffer[pos] == '\n') {
                    pos++;
                }
                break;
            }
            if (csv) {
                s = switch (s) {
                    case FIELD_START -> b == '"' ? QUOTED : b == ',' ? FIELD_START : UNQUOTED;
                    case UNQUOTED -> b == ',' ? FIELD_START : UNQUOTED;
                    case QUOTED -> b == '"' ? QUOTE_IN_QUOTED : QUOTED;
                    default -> b == '"' ? QUOTED : b == ',' ? FIELD_START : UNQUOTED;
                };
            }
            if (b == 0 && nulAt < 0) {
                nulAt = total;
            }
            if (kept < line.length) {
                line[kept++] = b;
                nonAscii |= b < 0;
            }
            total++;
        }
        // A newline inside a quoted field belongs to the field; anywhere else it ends the record.
        state = s == QUOTED ? QUOTED : FIELD_START;
        if (total > kept) {
            kept = charBoundary(kept);
            return new Line(decode(kept, nonAscii), total, new Defect(RejectReason.TOO_LONG,
                "a line of " + total + " bytes; the limit is " + MAX_RECORD_BYTES + " (the record is cut there)"));
        }
        long bad = nonAscii ? firstInvalid(kept) : -1;
        Defect defect = null;
        if (bad >= 0) {
            defect = new Defect(RejectReason.BAD_ENCODING, "not UTF-8: byte " + (bad + 1) + " of the line is 0x"
                + String.format("%02X", line[(int) bad] & 0xff) + " (shown as U+FFFD)");
        } else if (nulAt >= 0) {
            defect = new Defect(RejectReason.NUL_BYTE, "a NUL byte at byte " + (nulAt + 1) + " of the line");
        }
        return new Line(decode(kept, nonAscii), total, defect);
    }

    private boolean fill() throws IOException {
        if (pos < end) {
            return true;
        }
        if (eof) {
            return false;
        }
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return false;
        }
        pos = 0;
        end = n;
        return true;
    }

    private void skipByteOrderMark() throws IOException {
        // Have at least three bytes buffered (a stream may return fewer at a time).
        while (end - pos < 3 && !eof) {
            System.arraycopy(buffer, pos, buffer, 0, end - pos);
            end -= pos;
            pos = 0;
            int n = in.read(buffer, end, buffer.length - end);
            if (n < 0) {
                eof = true;
            } else {
                end += n;
            }
        }
        if (end - pos >= 3 && buffer[pos] == (byte) 0xEF && buffer[pos + 1] == (byte) 0xBB
            && buffer[pos + 2] == (byte) 0xBF) {
            pos += 3;
        }
    }

    /** Cuts a kept prefix back so that it does not end inside a UTF-8 sequence. */
    private int charBoundary(int n) {
        int i = n;
        while (i > 0 && n - i < 3 && (line[i - 1] & 0xC0) == 0x80) {
            i--;
        }
        if (i > 0 && (line[i - 1] & 0xC0) == 0xC0) {
            int lead = line[i - 1] & 0xff;
            int len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
            if (n - (i - 1) < len) {
                return i - 1;
            }
        }
        return n;
    }

    /** The offset of the first byte that is not valid UTF-8, or -1. */
    private long firstInvalid(int n) {
        ByteBuffer bytes = ByteBuffer.wrap(line, 0, n);
        if (chars.capacity() < n) {
            chars = CharBuffer.allocate(n);
        }
        chars.clear();
        strict.reset();
        var result = strict.decode(bytes, chars, true);
        return result.isError() ? bytes.position() : -1;
    }

    private String decode(int n, boolean nonAscii) {
        return new String(line, 0, n, nonAscii ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }
}
