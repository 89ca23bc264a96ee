package io.dramalake.jobs.sample;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * What the three source writers share: file handling (plain or gzip, large buffers), the dump
 * folder layout, the bad-row schedule and the per-source counters that end up in the summary.
 */
abstract class SourceWriter {
    static final int BUFFER = 1 << 20;

    final Universe u;
    final SampleOptions o;
    final Path root;
    final String source;
    final String[] reasons;

    long files;
    long bytes;
    long lines;
    final long[] bad;
    final Map<String, Long> excluded = new LinkedHashMap<>();
    final Map<String, Long> warnings = new LinkedHashMap<>();
    final List<String> notes = new ArrayList<>();

    private int forcedBad;
    private long badCursor;

    SourceWriter(Universe u, Path landingRoot, String source, String[] reasons) {
        this.u = u;
        this.o = u.o;
        this.root = landingRoot;
        this.source = source;
        this.reasons = reasons;
        this.bad = new long[reasons.length];
    }

    /**
     * Writes the dumps {@code worker, worker + workers, ...}. Dumps are independent of each other
     * (each draws from its own hash-seeded stream), so a source can be written by several workers
     * and the bytes do not depend on how many.
     */
    final void writeDumps(int worker, int workers) throws IOException {
        for (int i = worker; i < u.days; i += workers) {
            // the first rows of the first dump that can carry a bad copy carry one of each reason, so
            // even a tiny sample covers every reject reason; elsewhere bad rows come at the configured
            // share, their reasons in rotation
            forcedBad = i == 0 && o.badRowShare() > 0 ? reasons.length : 0;
            badCursor = i;
            writeDump(i);
        }
    }

    /** Writes dump {@code i} (dump date = data day i + 1). */
    abstract void writeDump(int i) throws IOException;

    /** Adds another worker's counters (same source) to this one's. */
    void mergeFrom(SourceWriter w) {
        files += w.files;
        bytes += w.bytes;
        lines += w.lines;
        for (int r = 0; r < bad.length; r++) bad[r] += w.bad[r];
        w.excluded.forEach((k, v) -> excluded.merge(k, v, Long::sum));
        w.warnings.forEach((k, v) -> warnings.merge(k, v, Long::sum));
        notes.addAll(w.notes);
    }

    /** Returns the reject reason (index into {@link #reasons}) of a bad copy to add after a valid row, or -1. */
    final int nextBad(Mix.Rng rng) {
        boolean hit;
        if (forcedBad > 0) {
            forcedBad--;
            hit = true;
        } else {
            hit = rng.chance(o.badRowShare());
        }
        if (!hit) return -1;
        int r = (int) (badCursor++ % reasons.length);
        bad[r]++;
        return r;
    }

    final Path dumpDir(int dump) throws IOException {
        Path dir = root.resolve(source).resolve("dump_date=" + u.cal.iso(dump + 1));
        Files.createDirectories(dir);
        return dir;
    }

    /** Opens a file for writing, gzip-compressed (fast level) when {@code gz}. */
    final ByteSink open(Path file, boolean gz) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        if (gz) {
            out = new GZIPOutputStream(out, 1 << 16) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            };
        }
        files++;
        return new ByteSink(out, BUFFER);
    }

    final void close(ByteSink sink, Path file) throws IOException {
        sink.close();
        bytes += Files.size(file);
    }

    final void count(Map<String, Long> m, String key) {
        m.merge(key, 1L, Long::sum);
    }
}
