package io.dramalake.jobs.sample;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link SampleGenerator#generate} wrote, and what a correct pipeline should find in it.
 *
 * <p>Map keys are {@code "<source>:<what>"}, e.g. {@code "app_intel:bad_date"}. {@code linesBySource}
 * counts data lines (CSV header rows excluded, bad and duplicate lines included). The totals
 * ({@code validAppIntelRows}, downloads, revenue, China-backed revenue, top-20 revenue,
 * {@code distinctApps}) cover the app_intel rows meant to be valid and current: the last delivery
 * (latest restatement) of each (date, store, app_id, country), country not {@code WW}.
 * {@code distinctApps} counts their distinct app keys; {@code distinctCreatives} the distinct
 * creative ids with at least one valid record.
 *
 * @param badRows      lines written to be rejected, by source and intended reject reason (every reason listed)
 * @param excludedRows lines that are valid but not facts: {@code app_intel:worldwide_total} and exact
 *                     {@code :duplicate} lines per source
 * @param warnings     problems that do not reject a record ({@code apps:invalid_hq_country})
 * @param notes        events worth knowing when checking results (the ownership change)
 */
public record SampleSummary(
        SampleOptions options,
        long filesWritten,
        long bytesWritten,
        Map<String, Long> filesBySource,
        Map<String, Long> bytesBySource,
        Map<String, Long> linesBySource,
        Map<String, Long> badRows,
        Map<String, Long> excludedRows,
        Map<String, Long> warnings,
        long validAppIntelRows,
        long totalDownloads,
        long totalRevenueCents,
        long chinaBackedRevenueCents,
        long top20RevenueCents,
        int distinctApps,
        int appsInMetadata,
        long distinctCreatives,
        List<String> notes) {

    public SampleSummary {
        filesBySource = Map.copyOf(filesBySource);
        bytesBySource = Map.copyOf(bytesBySource);
        linesBySource = Map.copyOf(linesBySource);
        badRows = Map.copyOf(badRows);
        excludedRows = Map.copyOf(excludedRows);
        warnings = Map.copyOf(warnings);
        notes = List.copyOf(notes);
    }

    /** Bad lines written for one source and reject reason. */
    public long badRows(String source, String reason) {
        return badRows.getOrDefault(source + ":" + reason, 0L);
    }

    public long totalBadRows() {
        return badRows.values().stream().mapToLong(Long::longValue).sum();
    }

    public long totalLines() {
        return linesBySource.values().stream().mapToLong(Long::longValue).sum();
    }

    /** China-backed (origin CN) share of the valid current IAP revenue. */
    public double chinaBackedShare() {
        return totalRevenueCents == 0 ? 0 : (double) chinaBackedRevenueCents / totalRevenueCents;
    }

    public double top20Share() {
        return totalRevenueCents == 0 ? 0 : (double) top20RevenueCents / totalRevenueCents;
    }

    /** A short human-readable multi-line summary. */
    public String format() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "sample landing zone: %d days from %s (dumps %s .. %s), seed %d%n",
                options.days(), options.startDate(), options.startDate().plusDays(1), options.endDate().plusDays(1),
                options.seed()));
        b.append(String.format(Locale.ROOT, "  written: %,d files, %s, %,d lines%n", filesWritten, size(bytesWritten),
                totalLines()));
        for (String s : SampleGenerator.SOURCES) {
            b.append(String.format(Locale.ROOT, "    %-13s %,6d files %10s %,14d lines%n", s,
                    filesBySource.getOrDefault(s, 0L), size(bytesBySource.getOrDefault(s, 0L)),
                    linesBySource.getOrDefault(s, 0L)));
        }
        b.append(String.format(Locale.ROOT,
                "  valid current app_intel rows: %,d; downloads %,d; IAP revenue %,d.%02d USD%n",
                validAppIntelRows, totalDownloads, totalRevenueCents / 100, totalRevenueCents % 100));
        b.append(String.format(Locale.ROOT,
                "  China-backed revenue share %.2f %%; top-20 apps %.2f %%; apps %,d (%,d in metadata); creatives %,d%n",
                100 * chinaBackedShare(), 100 * top20Share(), distinctApps, appsInMetadata, distinctCreatives));
        b.append("  bad rows by intended reject reason (").append(String.format(Locale.ROOT, "%,d", totalBadRows()))
                .append("):\n");
        for (String s : SampleGenerator.SOURCES) {
            StringBuilder line = new StringBuilder();
            for (String r : SampleGenerator.reasons(s)) {
                if (line.length() > 0) line.append(", ");
                line.append(r).append(' ').append(badRows(s, r));
            }
            b.append(String.format(Locale.ROOT, "    %-13s %s%n", s, line));
        }
        b.append("  excluded (not facts): ").append(sorted(excludedRows)).append('\n');
        b.append("  warnings: ").append(sorted(warnings)).append('\n');
        for (String n : notes) {
            b.append("  note: ").append(n).append('\n');
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return format();
    }

    private static String sorted(Map<String, Long> m) {
        return m.isEmpty() ? "none" : new java.util.TreeMap<>(m).toString();
    }

    private static String size(long bytes) {
        if (bytes < 1024) return bytes + " B";
        if (bytes < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        if (bytes < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
        return String.format(Locale.ROOT, "%.2f GiB", bytes / 1073741824.0);
    }
}
