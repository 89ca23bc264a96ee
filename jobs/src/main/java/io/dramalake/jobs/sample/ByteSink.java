package io.dramalake.jobs.sample;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A large byte buffer in front of an {@link OutputStream} (a file, or a {@code GZIPOutputStream} on
 * a file) with allocation-free writers for the few things the generator emits: ASCII, UTF-8 text,
 * JSON strings, RFC 4180 CSV fields, decimal numbers and dates.
 *
 * <p>Records are built whole in the buffer: {@link #beginRecord()} guarantees {@value #RECORD_ROOM}
 * free bytes, so a record can be cut short ({@link #truncate(int, int)}) or copied
 * ({@link #repeat(int, int)}) after it was written; the buffer grows, never flushes, if a single
 * record ever needs more.
 */
final class ByteSink implements Closeable {
    static final int RECORD_ROOM = 64 * 1024;

    private final OutputStream out;
    private byte[] buf;
    private int pos;

    ByteSink(OutputStream out, int bufferSize) {
        this.out = out;
        this.buf = new byte[bufferSize <= 0 ? 256 : Math.max(bufferSize, 2 * RECORD_ROOM)];
    }

    /** Makes room for one record and returns its start position. */
    int beginRecord() throws IOException {
        if (buf.length - pos < RECORD_ROOM) {
            out.write(buf, 0, pos);
            pos = 0;
        }
        return pos;
    }

    int position() {
        return pos;
    }

    /**
     * Cuts the record that started at {@code start} short, to about {@code keep} bytes, without
     * splitting a UTF-8 sequence; used for deliberately broken lines.
     */
    void truncate(int start, int keep) {
        int p = start + Math.max(1, Math.min(keep, pos - start - 1));
        while (p > start + 1 && (buf[p] & 0xC0) == 0x80) p--;
        pos = p;
    }

    private void room(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }

    /** Appends a copy of the bytes in [from, to) of the current buffer (e.g. a duplicate line). */
    void repeat(int from, int to) {
        int n = to - from;
        room(n);
        System.arraycopy(buf, from, buf, pos, n);
        pos += n;
    }

    ByteSink b(int c) {
        room(1);
        buf[pos++] = (byte) c;
        return this;
    }

    ByteSink raw(byte[] a) {
        room(a.length);
        System.arraycopy(a, 0, buf, pos, a.length);
        pos += a.length;
        return this;
    }

    /** Appends a string known to be ASCII. */
    ByteSink ascii(String s) {
        int n = s.length();
        room(n);
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
        return this;
    }

    ByteSink utf8(String s) {
        int n = s.length();
        room(n * 3);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                buf[pos++] = (byte) c;
            } else {
                i = utf8NonAscii(s, i, c);
            }
        }
        return this;
    }

    private int utf8NonAscii(String s, int i, char c) {
        room(4);
        if (c < 0x800) {
            buf[pos++] = (byte) (0xC0 | (c >> 6));
            buf[pos++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            int cp = Character.toCodePoint(c, s.charAt(i + 1));
            buf[pos++] = (byte) (0xF0 | (cp >> 18));
            buf[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            buf[pos++] = (byte) (0x80 | (cp & 0x3F));
            return i + 1;
        } else if (Character.isSurrogate(c)) {
            buf[pos++] = '?';
        } else {
            buf[pos++] = (byte) (0xE0 | (c >> 12));
            buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            buf[pos++] = (byte) (0x80 | (c & 0x3F));
        }
        return i;
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** Appends {@code s} as a JSON string literal (quoted, escaped, UTF-8), or {@code null}. */
    ByteSink json(String s) {
        if (s == null) {
            return ascii("null");
        }
        int n = s.length();
        room(n * 6 + 2);
        buf[pos++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                buf[pos++] = (byte) c;
            } else if (c == '"' || c == '\\') {
                buf[pos++] = '\\';
                buf[pos++] = (byte) c;
            } else if (c < 0x20) {
                buf[pos++] = '\\';
                switch (c) {
                    case '\n': buf[pos++] = 'n'; break;
                    case '\r': buf[pos++] = 'r'; break;
                    case '\t': buf[pos++] = 't'; break;
                    case '\b': buf[pos++] = 'b'; break;
                    case '\f': buf[pos++] = 'f'; break;
                    default:
                        buf[pos++] = 'u';
                        buf[pos++] = '0';
                        buf[pos++] = '0';
                        buf[pos++] = HEX[c >> 4];
                        buf[pos++] = HEX[c & 0xF];
                }
            } else if (c == 0x2028 || c == 0x2029) { // legal in JSON, but break JavaScript line readers
                buf[pos++] = '\\';
                buf[pos++] = 'u';
                buf[pos++] = '2';
                buf[pos++] = '0';
                buf[pos++] = '2';
                buf[pos++] = (byte) (c == 0x2028 ? '8' : '9');
            } else {
                i = utf8NonAscii(s, i, c);
            }
        }
        buf[pos++] = '"';
        return this;
    }

    /** Appends {@code s} as one RFC 4180 field: quoted (quotes doubled) only when it has to be. */
    ByteSink csv(String s) {
        if (s == null || s.isEmpty()) {
            return this;
        }
        boolean quote = false;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                quote = true;
                break;
            }
        }
        if (!quote) {
            return utf8(s);
        }
        room(s.length() * 2 + 2);
        buf[pos++] = '"';
        int from = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) == '"') {
                utf8(s.substring(from, i + 1));
                b('"');
                from = i + 1;
            }
        }
        utf8(s.substring(from));
        return b('"');
    }

    /** What is in the buffer (for small in-memory sinks). */
    byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    /** Pre-encodes a string as a JSON literal (for values written many times). */
    static byte[] jsonBytes(String s) {
        ByteSink t = new ByteSink(OutputStream.nullOutputStream(), 0);
        t.json(s);
        return Arrays.copyOf(t.buf, t.pos);
    }

    /** Pre-encodes a string as a CSV field. */
    static byte[] csvBytes(String s) {
        ByteSink t = new ByteSink(OutputStream.nullOutputStream(), 0);
        t.csv(s);
        return Arrays.copyOf(t.buf, t.pos);
    }

    /** Appends the 16 lowercase hex digits of {@code v}. */
    ByteSink hex16(long v) {
        room(16);
        for (int shift = 60; shift >= 0; shift -= 4) {
            buf[pos++] = HEX[(int) (v >>> shift) & 0xF];
        }
        return this;
    }

    /** Appends a decimal integer. */
    ByteSink num(long v) {
        room(20);
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                return ascii("-9223372036854775808");
            }
            buf[pos++] = '-';
            v = -v;
        }
        if (v < 10) {
            buf[pos++] = (byte) ('0' + v);
            return this;
        }
        int digits = digits(v);
        int end = pos + digits;
        int p = end;
        while (v > 0) {
            buf[--p] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        pos = end;
        return this;
    }

    /** Appends a non-negative integer with ',' between groups of three digits ("12,345,678"), unquoted. */
    ByteSink grouped(long v) {
        if (v < 1000) {
            return num(v);
        }
        grouped(v / 1000);
        b(',');
        int r = (int) (v % 1000);
        b('0' + r / 100).b('0' + (r / 10) % 10).b('0' + r % 10);
        return this;
    }

    private static int digits(long v) {
        int d = 1;
        while (v >= 10) {
            v /= 10;
            d++;
        }
        return d;
    }

    ByteSink pad2(int v) {
        room(2);
        buf[pos++] = (byte) ('0' + v / 10);
        buf[pos++] = (byte) ('0' + v % 10);
        return this;
    }

    ByteSink pad4(int v) {
        room(4);
        buf[pos++] = (byte) ('0' + v / 1000);
        buf[pos++] = (byte) ('0' + (v / 100) % 10);
        buf[pos++] = (byte) ('0' + (v / 10) % 10);
        buf[pos++] = (byte) ('0' + v % 10);
        return this;
    }

    static final int ISO = 0;     // 2025-03-01
    static final int SLASH = 1;   // 2025/03/01
    static final int COMPACT = 2; // 20250301

    /** Appends a date (year, month, day) in one of the three accepted layouts. */
    ByteSink date(int y, int m, int d, int layout) {
        pad4(y);
        if (layout == COMPACT) {
            return pad2(m).pad2(d);
        }
        byte sep = (byte) (layout == SLASH ? '/' : '-');
        b(sep).pad2(m).b(sep);
        return pad2(d);
    }

    @Override
    public void close() throws IOException {
        try {
            out.write(buf, 0, pos);
            pos = 0;
        } finally {
            out.close();
        }
    }
}
