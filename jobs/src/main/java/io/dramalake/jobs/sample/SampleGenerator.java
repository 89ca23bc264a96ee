package io.dramalake.jobs.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a deterministic sample landing zone ({@code <landing>/<source>/dump_date=YYYY-MM-DD/...})
 * in the vendors' raw formats of the data contract: {@code app_intel} CSV, {@code apps} and
 * {@code ad_creatives} JSON Lines, with the configured messiness, restatements and bad rows.
 *
 * <p>Same options, same bytes: every value is a hash of (seed, what, index), files are written in a
 * fixed order and gzip streams carry no timestamps. Memory stays bounded by the number of apps
 * (small per-app arrays); rows and creatives are never held, they stream through 1 MiB buffers.
 * The three sources are written concurrently (they share nothing but the read-only app universe).
 *
 * <p>Files of the same name are overwritten; other files under {@code landingRoot} are left alone,
 * so use an empty directory (a different earlier sample would otherwise stay mixed in).
 */
public final class SampleGenerator {
    static final List<String> SOURCES = List.of(AppIntelWriter.SOURCE, AppsWriter.SOURCE, CreativesWriter.SOURCE);

    private final SampleOptions options;

    public SampleGenerator(SampleOptions o) {
        this.options = java.util.Objects.requireNonNull(o, "options");
    }

    public SampleOptions options() {
        return options;
    }

    static List<String> reasons(String source) {
        switch (source) {
            case AppIntelWriter.SOURCE: return Arrays.asList(AppIntelWriter.REASONS);
            case AppsWriter.SOURCE: return Arrays.asList(AppsWriter.REASONS);
            case CreativesWriter.SOURCE: return Arrays.asList(CreativesWriter.REASONS);
            default: throw new IllegalArgumentException(source);
        }
    }

    public SampleSummary generate(Path landingRoot) throws IOException {
        Files.createDirectories(landingRoot);
        Universe u = new Universe(options);
        AppIntelWriter intel = new AppIntelWriter(u, landingRoot);
        AppsWriter apps = new AppsWriter(u, landingRoot);
        CreativesWriter creatives = new CreativesWriter(u, landingRoot);
        List<SourceWriter> writers = List.of(intel, apps, creatives);

        int threads = Math.max(1, Math.min(writers.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "sample-writer");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> done = new ArrayList<>();
            // the biggest first, so two cores overlap the two big sources
            for (SourceWriter w : List.of(creatives, intel, apps)) {
                done.add(pool.submit(() -> {
                    try {
                        w.writeAll();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing the sample", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof UncheckedIOException) throw ((UncheckedIOException) c).getCause();
            if (c instanceof RuntimeException) throw (RuntimeException) c;
            if (c instanceof Error) throw (Error) c;
            throw new IOException(c);
        } finally {
            pool.shutdownNow();
        }

        Map<String, Long> files = new LinkedHashMap<>();
        Map<String, Long> bytes = new LinkedHashMap<>();
        Map<String, Long> lines = new LinkedHashMap<>();
        Map<String, Long> bad = new LinkedHashMap<>();
        Map<String, Long> excluded = new LinkedHashMap<>();
        Map<String, Long> warnings = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        long totalFiles = 0, totalBytes = 0;
        for (SourceWriter w : writers) {
            files.put(w.source, w.files);
            bytes.put(w.source, w.bytes);
            lines.put(w.source, w.lines);
            totalFiles += w.files;
            totalBytes += w.bytes;
            for (int r = 0; r < w.reasons.length; r++) bad.put(w.source + ":" + w.reasons[r], w.bad[r]);
            w.excluded.forEach((k, v) -> excluded.put(w.source + ":" + k, v));
            w.warnings.forEach((k, v) -> warnings.put(w.source + ":" + k, v));
            notes.addAll(w.notes);
        }
        long[] rev = intel.appRevenue.clone();
        Arrays.sort(rev);
        long top20 = 0;
        for (int i = rev.length - 1; i >= Math.max(0, rev.length - 20); i--) top20 += rev[i];
        int apps1 = 0;
        for (boolean b : intel.appSeen) if (b) apps1++;
        return new SampleSummary(options, totalFiles, totalBytes, files, bytes, lines, bad, excluded, warnings,
                intel.validCurrentRows, intel.totalDownloads, intel.totalRevenueCents, intel.chinaBackedRevenueCents,
                top20, apps1, apps.appsInMetadata, creatives.distinctCreatives, notes);
    }
}
