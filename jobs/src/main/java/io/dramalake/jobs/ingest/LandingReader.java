package io.dramalake.jobs.ingest;

import io.dramalake.common.contract.CsvRecords;
import io.dramalake.common.contract.LandedLines;
import io.dramalake.common.contract.Source;
import io.dramalake.common.lake.LandingZone.LandedFile;
import io.dramalake.common.spark.ShufflePartitions;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Reads landed files into bronze rows on the executors, streaming: one file at a time, one
 * record at a time, through Hadoop's file system (local disk, HDFS or S3A alike).
 */
public final class LandingReader {

    private static final int BUFFER = 1 << 16;

    private LandingReader() {
    }

    /** The bronze rows of {@code files} (all of one source); {@code records} counts them as they are read. */
    public static Dataset<Row> read(SparkSession spark, Source source, List<LandedFile> files, Timestamp ingestedAt,
                                    String runId, LongAccumulator records) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SerializableConfiguration> hadoop =
            jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
        boolean csv = source.format() == Source.Format.CSV;
        List<List<LandedFile>> slices = slices(files, jsc.defaultParallelism() * 2);
        JavaRDD<Row> rows = jsc.parallelize(slices, slices.size())
            .flatMap(slice -> new Iterator<Row>() {
                private final Iterator<LandedFile> next = slice.iterator();
                private Iterator<Row> file = java.util.Collections.emptyIterator();

                @Override
                public boolean hasNext() {
                    while (!file.hasNext() && next.hasNext()) {
                        file = new FileRecords(next.next(), hadoop.value().value(), csv, ingestedAt, runId, records);
                    }
                    return file.hasNext();
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return file.next();
                }
            });
        return spark.createDataFrame(rows, Bronze.SCHEMA);
    }

    /**
     * The files in consecutive slices (one task each) of at most {@link ShufflePartitions#BYTES_PER_PARTITION}
     * by uncompressed estimate, or of a {@code least}-th of the batch when that is smaller; a larger
     * file has a slice of its own. Bronze's writer sorts a task's rows by dump date: a backfill split into
     * a few tasks of months each spilled that sort to disk (3.3 GiB for a year of creatives).
     */
    static List<List<LandedFile>> slices(List<LandedFile> files, int least) {
        long total = files.stream().mapToLong(LandingReader::estimate).sum();
        long most = Math.min(ShufflePartitions.BYTES_PER_PARTITION, Math.max(1, total / Math.max(1, least)));
        List<List<LandedFile>> slices = new ArrayList<>();
        List<LandedFile> slice = new ArrayList<>();
        long bytes = 0;
        for (LandedFile f : files) {
            if (!slice.isEmpty() && bytes + estimate(f) > most) {
                slices.add(slice);
                slice = new ArrayList<>();
                bytes = 0;
            }
            slice.add(f);
            bytes += estimate(f);
        }
        if (!slice.isEmpty()) {
            slices.add(slice);
        }
        return slices;
    }

    private static long estimate(LandedFile f) {
        return ShufflePartitions.uncompressedEstimate(f.relativePath(), f.sizeBytes());
    }

    /** What {@link #land} wrote: records per file set, and the files it could not read (path: why). */
    public record Landed(long records, List<LandedFile> read, List<String> unreadable) {
    }

    /**
     * Reads {@code files} and hands their rows to {@code write} (one commit). A file that cannot be
     * read to its end (a corrupt or truncated {@code .gz}, an I/O error) fails the write, so none of
     * its records land; the write is then retried without it, and it is reported instead. Costs
     * nothing when every file reads; one retry per unreadable file otherwise.
     */
    public static Landed land(SparkSession spark, Source source, List<LandedFile> files, Timestamp ingestedAt,
                              String runId, Consumer<Dataset<Row>> write) {
        List<LandedFile> toRead = new ArrayList<>(files);
        List<String> unreadable = new ArrayList<>();
        for (String[] bad : brokenGzips(spark, files)) {
            unreadable.add(bad[0] + ": " + bad[1]);
            toRead.removeIf(f -> f.relativePath().equals(bad[0]));
        }
        while (!toRead.isEmpty()) {
            LongAccumulator count = spark.sparkContext().longAccumulator("records read: " + source.folder());
            try {
                write.accept(read(spark, source, toRead, ingestedAt, runId, count));
                return new Landed(count.value(), toRead, unreadable);
            } catch (Exception e) { // Spark's SparkException is checked but thrown undeclared
                UnreadableFileException bad = UnreadableFileException.in(e);
                if (bad == null || toRead.stream().noneMatch(f -> f.relativePath().equals(bad.relativePath))) {
                    throw e;
                }
                unreadable.add(bad.relativePath + ": " + bad.why);
                toRead.removeIf(f -> f.relativePath().equals(bad.relativePath));
            }
        }
        return new Landed(0, toRead, unreadable);
    }

    /**
     * The {@code .gz} files among {@code files} that do not decompress to their end with a matching
     * checksum, as (path, why). A gzip's damage shows only at its end, so each is read through once
     * before its records are: a corrupt or truncated delivery is then reported in one line instead of
     * failing the bronze write with Spark's task-failure logs. Costs one extra decompression of
     * every {@code .gz} file (no extra job when there is none).
     */
    static List<String[]> brokenGzips(SparkSession spark, List<LandedFile> files) {
        List<LandedFile> gz = files.stream().filter(f -> f.relativePath().toLowerCase().endsWith(".gz")).toList();
        if (gz.isEmpty()) {
            return List.of();
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SerializableConfiguration> hadoop =
            jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
        int slices = Math.max(1, Math.min(gz.size(), jsc.defaultParallelism() * 2));
        return jsc.parallelize(gz, slices).map(f -> {
            Path path = new Path(f.uri());
            try (InputStream in = new GZIPInputStream(path.getFileSystem(hadoop.value().value()).open(path, BUFFER),
                BUFFER)) {
                byte[] sink = new byte[BUFFER];
                while (in.read(sink) >= 0) {
                    // read through: the trailer's CRC and length are checked at the end
                }
                return null;
            } catch (IOException e) {
                return new String[] {f.relativePath(), UnreadableFileException.describe(e)};
            }
        }).filter(r -> r != null).collect();
    }

    /** A landed file that could not be read to its end; carries its path back to the driver. */
    static final class UnreadableFileException extends RuntimeException {
        private static final String MARK = "landed file unreadable: ";
        final String relativePath;
        final String why;

        UnreadableFileException(String relativePath, IOException cause) {
            super(MARK + relativePath + " :: " + describe(cause), cause);
            this.relativePath = relativePath;
            this.why = describe(cause);
        }

        static String describe(IOException e) {
            String kind = e instanceof java.util.zip.ZipException || e instanceof java.io.EOFException
                ? "corrupt or truncated gzip" : e.getClass().getSimpleName();
            return kind + " (" + (e.getMessage() == null ? "no message" : e.getMessage()) + ")";
        }

        /** The exception in {@code e}'s causes, as thrown on an executor (or rebuilt from its message). */
        static UnreadableFileException in(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof UnreadableFileException u) {
                    return u;
                }
                String m = t.getMessage();
                int at = m == null ? -1 : m.indexOf(MARK);
                if (at >= 0) {
                    int sep = m.indexOf(" :: ", at);
                    if (sep > 0) {
                        int eol = m.indexOf('\n', sep);
                        return new UnreadableFileException(m.substring(at + MARK.length(), sep),
                            m.substring(sep + 4, eol < 0 ? m.length() : eol));
                    }
                }
            }
            return null;
        }

        private UnreadableFileException(String relativePath, String why) {
            super(MARK + relativePath + " :: " + why);
            this.relativePath = relativePath;
            this.why = why;
        }
    }

    /** The records of one file as bronze rows, read lazily; the file is closed at its end. */
    static final class FileRecords implements Iterator<Row> {
        private final LandedFile file;
        private final Configuration conf;
        private final boolean csv;
        private final Date dumpDate;
        private final Timestamp ingestedAt;
        private final String runId;
        private final LongAccumulator records;
        private InputStream in;
        private CsvRecords.Reader csvReader;
        private LandedLines lines;
        private String header;
        /** A header that could not be read faithfully makes every record of its file unreadable too. */
        private LandedLines.Defect headerDefect;
        private long lineNumber;
        private Row next;
        private boolean done;

        FileRecords(LandedFile file, Configuration conf, boolean csv, Timestamp ingestedAt, String runId,
                    LongAccumulator records) {
            this.file = file;
            this.conf = conf;
            this.csv = csv;
            this.dumpDate = Date.valueOf(file.dumpDate());
            this.ingestedAt = ingestedAt;
            this.runId = runId;
            this.records = records;
        }

        @Override
        public boolean hasNext() {
            if (next == null && !done) {
                try {
                    next = advance();
                } catch (IOException e) {
                    close();
                    throw new UnreadableFileException(file.relativePath(), e);
                }
                if (next == null) {
                    done = true;
                    close();
                }
            }
            return next != null;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Row r = next;
            next = null;
            records.add(1);
            return r;
        }

        private Row advance() throws IOException {
            if (in == null) {
                open();
                if (csv) {
                    CsvRecords.RawRecord h = csvReader.next();
                    header = h == null ? null : h.text();
                    LandedLines.Defect d = h == null ? null : h.defect();
                    headerDefect = d == null ? null
                        : new LandedLines.Defect(d.reason(), "the file's header line: " + d.detail());
                }
            }
            if (csv) {
                CsvRecords.RawRecord r = csvReader.next();
                return r == null ? null : row(r.text(), r.lineNumber(), r.defect() != null ? r.defect() : headerDefect);
            }
            LandedLines.Line line = lines.next();
            if (line == null) {
                return null;
            }
            lineNumber++;
            return row(line.text(), lineNumber, line.defect());
        }

        private Row row(String text, long line, LandedLines.Defect defect) {
            return RowFactory.create(text, header, line, file.relativePath(), dumpDate, ingestedAt, runId,
                defect == null ? null : defect.text());
        }

        private void open() throws IOException {
            Path path = new Path(file.uri());
            InputStream raw = path.getFileSystem(conf).open(path, BUFFER);
            try {
                in = file.relativePath().toLowerCase().endsWith(".gz") ? new GZIPInputStream(raw, BUFFER) : raw;
            } catch (IOException e) {
                raw.close();
                throw e;
            }
            if (csv) {
                csvReader = new CsvRecords.Reader(in);
            } else {
                lines = new LandedLines(in, false);
            }
        }

        private void close() {
            if (in != null) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // nothing left to read from it
                }
            }
        }
    }
}
