package io.dramalake.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The floor under every engine: read each landed file once on one thread, decompressing {@code .gz}
 * with the JDK's {@link GZIPInputStream}, and count its lines; nothing is parsed or kept.
 */
record RawRead(long files, long diskBytes, long bytes, long lines, double seconds) {

    private static final double MIB = 1024.0 * 1024.0;

    /** {@code RawRead LANDING}: the floor of one landing zone alone, as the results file's JSON. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: RawRead LANDING");
            System.exit(64);
        }
        System.out.println(of(Path.of(args[0])).toJson());
    }

    /** Every file of {@code <landing>/<source>/dump_date=*}, in path order. */
    static RawRead of(Path landing) throws IOException {
        List<Path> files;
        // A landing zone reached through a symbolic link is read where it is (walk would stop at the link).
        try (Stream<Path> s = Files.walk(landing.toRealPath())) {
            files = s.filter(Files::isRegularFile)
                .filter(p -> p.getParent().getFileName().toString().startsWith("dump_date="))
                .sorted().toList();
        }
        byte[] buf = new byte[1 << 20];
        long disk = 0;
        long bytes = 0;
        long lines = 0;
        long start = System.nanoTime();
        for (Path f : files) {
            disk += Files.size(f);
            try (InputStream raw = Files.newInputStream(f);
                 InputStream in = f.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
                byte last = '\n';
                for (int n; (n = in.read(buf)) > 0; ) {
                    bytes += n;
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            lines++;
                        }
                    }
                    last = buf[n - 1];
                }
                if (last != '\n') {
                    lines++; // a last line without its newline
                }
            }
        }
        return new RawRead(files.size(), disk, bytes, lines, (System.nanoTime() - start) / 1e9);
    }

    double decompressedMibPerSecond() {
        return bytes / MIB / seconds;
    }

    double diskMibPerSecond() {
        return diskBytes / MIB / seconds;
    }

    String toJson() {
        return String.format(Locale.ROOT, "{\"method\": \"java GZIPInputStream, 1 thread, count newlines\", "
            + "\"files\": %d, \"disk_bytes\": %d, \"decompressed_bytes\": %d, \"lines\": %d, \"seconds\": %.3f, "
            + "\"decompressed_mib_per_s\": %.1f, \"disk_mib_per_s\": %.1f}", files, diskBytes, bytes, lines, seconds,
            decompressedMibPerSecond(), diskMibPerSecond());
    }
}
