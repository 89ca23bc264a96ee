package io.dramalake.jobs.ingest;

import io.dramalake.common.contract.CsvRecords;
import io.dramalake.common.contract.Source;
import io.dramalake.common.lake.LandingZone.LandedFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
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
        int slices = Math.max(1, Math.min(files.size(), jsc.defaultParallelism() * 2));
        boolean csv = source.format() == Source.Format.CSV;
        JavaRDD<Row> rows = jsc.parallelize(files, slices)
            .flatMap(f -> new FileRecords(f, hadoop.value().value(), csv, ingestedAt, runId, records));
        return spark.createDataFrame(rows, Bronze.SCHEMA);
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
        private BufferedReader in;
        private CsvRecords.Reader csvReader;
        private String header;
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
                    throw new UncheckedIOException("cannot read landed file " + file.uri() + ": " + e.getMessage(), e);
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
                }
            }
            if (csv) {
                CsvRecords.RawRecord r = csvReader.next();
                return r == null ? null : row(r.text(), r.lineNumber());
            }
            String line = in.readLine();
            if (line == null) {
                return null;
            }
            lineNumber++;
            if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1);
            }
            return row(line, lineNumber);
        }

        private Row row(String text, long line) {
            return RowFactory.create(text, header, line, file.relativePath(), dumpDate, ingestedAt, runId);
        }

        private void open() throws IOException {
            Path path = new Path(file.uri());
            InputStream raw = path.getFileSystem(conf).open(path, BUFFER);
            InputStream data = file.relativePath().toLowerCase().endsWith(".gz") ? new GZIPInputStream(raw, BUFFER) : raw;
            in = new BufferedReader(new InputStreamReader(data, StandardCharsets.UTF_8), BUFFER);
            if (csv) {
                csvReader = new CsvRecords.Reader(in);
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
