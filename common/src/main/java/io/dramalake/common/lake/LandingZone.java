package io.dramalake.common.lake;

import io.dramalake.common.contract.Rules;
import io.dramalake.common.contract.Source;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The vendors' landing zone: {@code <landing>/<source>/dump_date=YYYY-MM-DD/<files>}. Lists what
 * is there; entries that do not fit the layout are reported, never silently passed over.
 */
public final class LandingZone {

    private static final String DUMP_PREFIX = "dump_date=";

    /** One landed data file. {@code relativePath} (below the landing root) is its identity in the lake. */
    public record LandedFile(Source source, LocalDate dumpDate, String relativePath, String uri, long sizeBytes,
                             long modifiedAtMillis) implements Serializable {
    }

    /**
     * What was found: the data files, every entry passed over with the reason, and the dump folders
     * refused because their date is in the future (nothing of them is read; they are looked at
     * again on every run, so a folder dated a little ahead lands once its day has come).
     */
    public record Listing(List<LandedFile> files, List<String> passedOver, List<String> refused) {
    }

    /** Which dumps to look at: all, one day, or a closed range; and which sources. */
    public record Selection(List<Source> sources, LocalDate from, LocalDate to) implements Serializable {
        public static Selection all() {
            return new Selection(List.of(Source.values()), null, null);
        }

        public boolean includes(LocalDate dumpDate) {
            return (from == null || !dumpDate.isBefore(from)) && (to == null || !dumpDate.isAfter(to));
        }
    }

    private final String root;
    private final Configuration hadoop;
    private final LocalDate latestDumpDate;

    /** A landing zone whose dumps may be dated up to {@link Rules#FUTURE_DUMP_DAYS} days after today (UTC). */
    public LandingZone(String root, Configuration hadoop) {
        this(root, hadoop, Rules.latestDumpDate(java.time.Instant.now(), Rules.FUTURE_DUMP_DAYS));
    }

    /** {@code latestDumpDate}: a dump folder dated after it is refused (see {@link Rules#latestDumpDate}). */
    public LandingZone(String root, Configuration hadoop, LocalDate latestDumpDate) {
        this.root = new Lake(root).root();
        this.hadoop = hadoop;
        this.latestDumpDate = latestDumpDate;
    }

    public String root() {
        return root;
    }

    /** Lists the selected dumps' files, sorted by source, dump date and path. */
    public Listing list(Selection selection) {
        Path rootPath = new Path(root);
        List<LandedFile> files = new ArrayList<>();
        List<String> passedOver = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        try {
            FileSystem fs = rootPath.getFileSystem(hadoop);
            if (!fs.exists(rootPath) || !fs.getFileStatus(rootPath).isDirectory()) {
                throw new LakeAccessException("the landing zone " + root + " does not exist or is not a directory");
            }
            for (Source source : selection.sources()) {
                Path sourceDir = new Path(rootPath, source.folder());
                if (!fs.exists(sourceDir)) {
                    continue;
                }
                for (FileStatus dump : fs.listStatus(sourceDir)) {
                    String name = dump.getPath().getName();
                    if (name.startsWith(".") || name.startsWith("_")) {
                        continue;
                    }
                    LocalDate dumpDate = dumpDate(name);
                    if (!dump.isDirectory() || dumpDate == null) {
                        passedOver.add(source.folder() + "/" + name + ": not a dump_date=YYYY-MM-DD folder");
                        continue;
                    }
                    if (!selection.includes(dumpDate)) {
                        continue;
                    }
                    if (dumpDate.isAfter(latestDumpDate)) {
                        // Its records (as_of defaulting to that day) would outrank every later restatement.
                        refused.add(source.folder() + "/" + name + ": dated after " + latestDumpDate
                            + " (today UTC plus the tolerance " + Rules.FUTURE_DUMP_DAYS_KEY + ")");
                        continue;
                    }
                    for (FileStatus f : fs.listStatus(dump.getPath())) {
                        String fileName = f.getPath().getName();
                        String relative = source.folder() + "/" + name + "/" + fileName;
                        if (f.isDirectory()) {
                            passedOver.add(relative + ": a folder inside a dump folder");
                        } else if (source.accepts(fileName)) {
                            files.add(new LandedFile(source, dumpDate, relative, f.getPath().toString(), f.getLen(),
                                f.getModificationTime()));
                        } else if (!fileName.startsWith(".") && !fileName.startsWith("_")) {
                            passedOver.add(relative + ": not a " + (source.format() == Source.Format.CSV
                                ? ".csv or .csv.gz" : ".jsonl or .jsonl.gz") + " file");
                        }
                    }
                }
            }
        } catch (FileNotFoundException e) {
            throw new LakeAccessException("the landing zone " + root + " does not exist", e);
        } catch (IOException e) {
            throw new LakeAccessException("cannot read the landing zone " + root + ": " + e.getMessage(), e);
        }
        files.sort(Comparator.comparing((LandedFile f) -> f.source().ordinal())
            .thenComparing(LandedFile::dumpDate).thenComparing(LandedFile::relativePath));
        java.util.Collections.sort(refused);
        return new Listing(files, passedOver, refused);
    }

    /**
     * Why the dump {@code <source>/dump_date=D} has not been delivered, or null if it has. Not
     * delivered: no folder; no data file in it; an entry still being written (a {@code _temporary}
     * folder, a {@code .part} or {@code _COPYING_} file), since landing part of a copy would publish
     * half a day; or, when {@code marker} is not null, no file of that name (e.g. {@code _SUCCESS}).
     */
    public String notDelivered(Source source, LocalDate dumpDate, String marker) {
        Path dir = dumpFolder(source, dumpDate);
        try {
            FileSystem fs = dir.getFileSystem(hadoop);
            Path rootPath = new Path(root);
            if (!fs.exists(rootPath) || !fs.getFileStatus(rootPath).isDirectory()) {
                throw new LakeAccessException("the landing zone " + root + " does not exist or is not a directory");
            }
            if (!fs.exists(dir)) {
                return "no folder";
            }
            boolean data = false;
            boolean marked = false;
            List<String> writing = new ArrayList<>();
            for (FileStatus f : fs.listStatus(dir)) {
                String name = f.getPath().getName();
                if (isBeingWritten(name)) {
                    writing.add(name);
                } else if (name.equals(marker)) {
                    marked = true;
                } else if (!f.isDirectory() && source.accepts(name)) {
                    data = true;
                }
            }
            if (!writing.isEmpty()) {
                java.util.Collections.sort(writing);
                return "still being written: " + String.join(", ", writing);
            }
            if (!data) {
                return "no data file";
            }
            return marker != null && !marked ? "no " + marker + " marker" : null;
        } catch (IOException e) {
            throw new LakeAccessException("cannot read the landing zone " + root + ": " + e.getMessage(), e);
        }
    }

    /** {@code <landing>/<source>/dump_date=D}. */
    public Path dumpFolder(Source source, LocalDate dumpDate) {
        return new Path(new Path(root, source.folder()), DUMP_PREFIX + dumpDate);
    }

    /** Names copy tools give a file or folder until it is complete (Spark/Hadoop, curl/wget, hdfs dfs -put). */
    static boolean isBeingWritten(String name) {
        return name.equals("_temporary") || name.endsWith(".part") || name.endsWith("_COPYING_");
    }

    static LocalDate dumpDate(String folderName) {
        if (!folderName.startsWith(DUMP_PREFIX)) {
            return null;
        }
        try {
            return LocalDate.parse(folderName.substring(DUMP_PREFIX.length()));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
