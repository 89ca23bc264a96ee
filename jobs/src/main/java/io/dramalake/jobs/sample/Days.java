package io.dramalake.jobs.sample;

import java.time.LocalDate;

/**
 * Calendar look-ups by relative day (0 = {@code startDate}), precomputed for a margin around the
 * sample's range so writers never touch {@link LocalDate} in their loops.
 */
final class Days {
    static final int MARGIN = 64;

    final LocalDate start;
    final int days;
    private final int[] y;
    private final int[] m;
    private final int[] d;
    private final int[] dow; // 1 = Monday .. 7 = Sunday
    private final byte[][][] text; // [layout][index]: the date in that layout

    Days(LocalDate start, int days) {
        this.start = start;
        this.days = days;
        int n = days + 2 * MARGIN;
        y = new int[n];
        m = new int[n];
        d = new int[n];
        dow = new int[n];
        text = new byte[3][n][];
        LocalDate t = start.minusDays(MARGIN);
        for (int i = 0; i < n; i++, t = t.plusDays(1)) {
            y[i] = t.getYear();
            m[i] = t.getMonthValue();
            d[i] = t.getDayOfMonth();
            dow[i] = t.getDayOfWeek().getValue();
            for (int layout = 0; layout < 3; layout++) {
                ByteSink b = new ByteSink(java.io.OutputStream.nullOutputStream(), 0);
                b.date(y[i], m[i], d[i], layout);
                text[layout][i] = b.toByteArray();
            }
        }
    }

    LocalDate date(int rel) {
        return start.plusDays(rel);
    }

    /** Writes relative day {@code rel} in a date layout of {@link ByteSink}. */
    void write(ByteSink s, int rel, int layout) {
        s.raw(text[layout][rel + MARGIN]);
    }

    int dayOfWeek(int rel) {
        return dow[rel + MARGIN];
    }

    /** ISO date text, for file and folder names. */
    String iso(int rel) {
        return date(rel).toString();
    }

    /** {@code YYYYMMDD}, for file names. */
    String compact(int rel) {
        int i = rel + MARGIN;
        int v = y[i] * 10000 + m[i] * 100 + d[i];
        return Integer.toString(v);
    }
}
