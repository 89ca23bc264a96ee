package io.dramalake.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The daily benchmark's trend over one figure per day (e.g. a run's wall): median and p95 of the
 * first 30 days, of days 31-60 and of the last 30 days, and the later windows against the first.
 * Median: the middle value, the mean of the two middle ones for an even count. p95: nearest rank,
 * the ceil(0.95 n)-th smallest value (no interpolation, so it is always a measured day).
 */
final class DailyTrend {

    static final int WINDOW = 30;

    private DailyTrend() {
    }

    /** Days {@code from} to {@code to} (1-based, inclusive) of the series; null figures when the window is empty. */
    record Window(String name, int from, int to, Double median, Double p95) {
        int days() {
            return to < from ? 0 : to - from + 1;
        }
    }

    /** The three windows and the ratios of the later two to the first (null when a window is empty). */
    record Trend(Window first, Window middle, Window last, Double middleMedianRatio, Double middleP95Ratio,
                 Double lastMedianRatio, Double lastP95Ratio) {
    }

    static Trend of(List<Double> perDay) {
        int n = perDay.size();
        Window first = window("days 1-" + Math.min(WINDOW, n), perDay, 1, Math.min(WINDOW, n));
        Window middle = window("days 31-" + (n > WINDOW ? Math.min(2 * WINDOW, n) : 2 * WINDOW), perDay, WINDOW + 1, Math.min(2 * WINDOW, n));
        int lastFrom = Math.max(1, n - WINDOW + 1);
        Window last = window("days " + lastFrom + "-" + n + " (last 30)", perDay, lastFrom, n);
        return new Trend(first, middle, last, ratio(middle.median(), first.median()), ratio(middle.p95(), first.p95()),
            ratio(last.median(), first.median()), ratio(last.p95(), first.p95()));
    }

    private static Window window(String name, List<Double> perDay, int from, int to) {
        List<Double> part = to < from ? List.of() : perDay.subList(from - 1, to);
        return new Window(name, from, to, part.isEmpty() ? null : median(part), part.isEmpty() ? null : p95(part));
    }

    static double median(List<Double> values) {
        List<Double> s = sorted(values);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static double p95(List<Double> values) {
        List<Double> s = sorted(values);
        int rank = (int) Math.ceil(0.95 * s.size());
        return s.get(Math.max(rank, 1) - 1);
    }

    private static List<Double> sorted(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> s = new ArrayList<>(values);
        s.sort(null);
        return s;
    }

    private static Double ratio(Double a, Double b) {
        return a == null || b == null || b == 0 ? null : a / b;
    }

    /** The trend as printed lines, e.g. {@code days 1-30  median 41.2 s  p95 48.0 s}. */
    static String render(String figure, Trend t) {
        StringBuilder sb = new StringBuilder(figure).append(":\n");
        for (Window w : List.of(t.first(), t.middle(), t.last())) {
            sb.append(String.format(Locale.ROOT, "  %-24s", w.name()));
            sb.append(w.days() == 0 ? "  (no days)\n" : String.format(Locale.ROOT, "  median %7.1f s  p95 %7.1f s%n",
                w.median(), w.p95()));
        }
        sb.append(String.format(Locale.ROOT, "  days 31-60 / days 1-30:   median %s  p95 %s%n", times(t.middleMedianRatio()),
            times(t.middleP95Ratio())));
        sb.append(String.format(Locale.ROOT, "  last 30 / days 1-30:      median %s  p95 %s%n", times(t.lastMedianRatio()),
            times(t.lastP95Ratio())));
        return sb.toString();
    }

    private static String times(Double r) {
        return r == null ? "n/a" : String.format(Locale.ROOT, "%.2f x", r);
    }
}
