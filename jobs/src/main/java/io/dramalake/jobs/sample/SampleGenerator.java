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
 * <p>Dump {@code D} of {@code app_intel} carries day {@code D-1} plus {@code restateDays} earlier days
 * re-delivered with revised numbers and the dump's later {@code as_of}; {@code apps} has full
 * snapshots weekly and launches in between (one app gains its China-based parent mid-sample);
 * {@code ad_creatives} lists each creative when first seen and again weekly while it runs.
 *
 * <p>When {@code messy}: plain and {@code .gz} files, some dumps split over two files; CSV with BOMs,
 * CRLF, shuffled and re-cased headers, an extra column, RFC 4180 quoting; store spellings, three
 * date layouts, thousands separators, lower-case countries and {@code UK}, {@code WW} totals, empty
 * {@code unified_app_id} and {@code as_of}, exact duplicate lines; JSON with upper-case ids, iOS ids
 * as numbers, absent or null fields, extra fields, free-text networks and media types, junk country
 * codes; empty {@code apps} files on days without launches. Bad lines (share {@code badRowShare},
 * at least one per reason in the first dump) are extra corrupted copies of valid lines, one reject
 * reason each, so they never change the valid totals.
 *
 * <p>Same options, same bytes: every value is a hash of (seed, what, index) and each dump draws from
 * its own stream, so a file's content depends on nothing else (not on the thread count); gzip
 * streams carry no timestamps. Memory stays bounded by the number of apps (small per-app arrays);
 * rows and creatives are never held, they stream through 1 MiB buffers. The dumps of the sources
 * are written concurrently, one thread per core.
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
        return generate(landingRoot, Runtime.getRuntime().availableProcessors());
    }

    /** As {@link #generate(Path)} with a given number of threads; the files do not depend on it. */
    SampleSummary generate(Path landingRoot, int threads) throws IOException {
        Files.createDirectories(landingRoot);
        Universe u = new Universe(options);
        int cores = Math.max(1, threads);
        // the two big sources get one worker per core, each taking every cores-th dump
        List<SourceWriter> intel = new ArrayList<>(), apps = new ArrayList<>(), creatives = new ArrayList<>();
        for (int w = 0; w < cores; w++) {
            intel.add(new AppIntelWriter(u, landingRoot));
            creatives.add(new CreativesWriter(u, landingRoot));
        }
        apps.add(new AppsWriter(u, landingRoot));
        List<Runnable> tasks = new ArrayList<>();
        for (int w = 0; w < cores; w++) {
            tasks.add(task(creatives.get(w), w, cores));
            tasks.add(task(intel.get(w), w, cores));
        }
        tasks.add(task(apps.get(0), 0, 1));
        run(tasks, cores);
        AppIntelWriter in = (AppIntelWriter) merged(intel);
        AppsWriter ap = (AppsWriter) merged(apps);
        CreativesWriter cr = (CreativesWriter) merged(creatives);
        List<SourceWriter> writers = List.of(in, ap, cr);

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
        long[] rev = in.appRevenue.clone();
        Arrays.sort(rev);
        long top20 = 0;
        for (int i = rev.length - 1; i >= Math.max(0, rev.length - 20); i--) top20 += rev[i];
        int distinctApps = 0;
        for (boolean b : in.appSeen) if (b) distinctApps++;
        return new SampleSummary(options, totalFiles, totalBytes, files, bytes, lines, bad, excluded, warnings,
                in.validCurrentRows, in.totalDownloads, in.totalRevenueCents, in.chinaBackedRevenueCents,
                top20, distinctApps, ap.appsInMetadata(), cr.distinctCreatives, notes);
    }

    private static Runnable task(SourceWriter w, int worker, int workers) {
        return () -> {
            try {
                w.writeDumps(worker, workers);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static SourceWriter merged(List<SourceWriter> workers) {
        SourceWriter first = workers.get(0);
        for (int w = 1; w < workers.size(); w++) first.mergeFrom(workers.get(w));
        return first;
    }

    private static void run(List<Runnable> tasks, int threads) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "sample-writer");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Runnable t : tasks) done.add(pool.submit(t));
            for (Future<?> f : done) f.get();
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
    }
}
