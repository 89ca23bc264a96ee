package io.dramalake.jobs.ingest;

import static org.apache.spark.sql.functions.col;

import io.dramalake.common.contract.Source;
import io.dramalake.common.lake.LandingZone;
import io.dramalake.common.lake.LandingZone.LandedFile;
import io.dramalake.common.lake.LandingZone.Selection;
import io.dramalake.common.spark.ShufflePartitions;
import io.dramalake.jobs.JobResult;
import io.dramalake.jobs.RunContext;
import io.dramalake.jobs.ops.IngestedFiles;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Landing → bronze. Reads only files not yet ingested; every record lands as raw text with its
 * audit columns, one Delta commit per bronze table.
 */
public final class IngestJob {

    private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

    /** What an ingest did. */
    public record Result(int filesIngested, Map<Source, Long> recordsBySource, int filesAlreadyIngested,
                         int filesRecovered, List<String> passedOver, List<String> refusedDumps,
                         List<String> unreadable) implements JobResult {
        public long records() {
            return recordsBySource.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Also true when a file was unreadable: the run is recorded in {@code ops.runs}, naming it. */
        @Override
        public boolean changedLake() {
            return filesIngested + filesRecovered > 0 || !unreadable.isEmpty();
        }

        /** Ingest runs no quality check. */
        @Override
        public boolean qualityFailed() {
            return false;
        }

        @Override
        public String summary() {
            return "ingest: " + filesIngested + " new file(s), " + records() + " record(s) "
                + recordsBySource.entrySet().stream().map(e -> e.getKey().folder() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "(", ")"))
                + "; " + filesAlreadyIngested + " already ingested"
                + (passedOver.isEmpty() ? "" : "; " + passedOver.size() + " landing entr(ies) passed over")
                + (refusedDumps.isEmpty() ? "" : "; refused " + String.join("; ", refusedDumps))
                + (unreadable.isEmpty() ? "" : "; " + unreadable.size() + " unreadable file(s) not ingested (tried "
                + "again next run): " + String.join("; ", unreadable));
        }
    }

    private final RunContext ctx;
    private final LandingZone landing;
    private final Selection selection;

    public IngestJob(RunContext ctx, LandingZone landing, Selection selection) {
        this.ctx = ctx;
        this.landing = landing;
        this.selection = selection;
    }

    public Result run() {
        LandingZone.Listing listing = landing.list(selection);
        listing.passedOver().forEach(p -> LOG.warn("landing entry passed over: {}", p));
        listing.refused().forEach(p -> LOG.warn("dump folder refused, nothing read from it: {}", p));

        Set<String> loggedRuns = new HashSet<>();
        Map<String, Long> known = ingestedSizes(loggedRuns);
        List<LandedFile> candidates = new ArrayList<>();
        int already = 0;
        for (LandedFile f : listing.files()) {
            Long size = known.get(f.relativePath());
            if (size == null) {
                candidates.add(f);
            } else {
                already++;
                if (size != f.sizeBytes()) {
                    LOG.warn("{} was ingested with {} bytes and now has {}; a landed file is read once: "
                        + "deliver restatements as a new dump", f.relativePath(), size, f.sizeBytes());
                }
            }
        }
        long bytes = candidates.stream()
            .mapToLong(f -> ShufflePartitions.uncompressedEstimate(f.relativePath(), f.sizeBytes())).sum();
        int alreadyIngested = already;
        return ShufflePartitions.sizedTo(ctx.spark(), bytes,
            () -> land(listing, candidates, alreadyIngested, loggedRuns));
    }

    /** Lands the candidate files in bronze and logs them. */
    private Result land(LandingZone.Listing listing, List<LandedFile> candidates, int already, Set<String> loggedRuns) {
        Timestamp ingestedAt = Timestamp.from(ctx.startedAt());
        Set<String> recovered = alreadyInBronze(candidates, loggedRuns);
        Map<Source, Long> records = new EnumMap<>(Source.class);
        List<String> unreadable = new ArrayList<>();
        Set<LandedFile> failed = new HashSet<>();
        for (Source source : selection.sources()) {
            List<LandedFile> toRead = candidates.stream()
                .filter(f -> f.source() == source && !recovered.contains(f.relativePath())).toList();
            if (toRead.isEmpty()) {
                continue;
            }
            ctx.describe("ingest " + source.folder() + ": " + toRead.size() + " file(s) -> "
                + Bronze.table(source).qualifiedName());
            // Keyed on the file within its dump dates: a file another ingest landed meanwhile is not
            // added again, and one landing concurrently makes one of the two commits fail.
            String dumpDates = toRead.stream().map(f -> "DATE'" + f.dumpDate() + "'").distinct().sorted()
                .collect(Collectors.joining(", ", "t." + Bronze.PARTITION + " IN (", ")"));
            long[] inserted = {-1};
            LandingReader.Landed landed = LandingReader.land(ctx.spark(), source, toRead, ingestedAt, ctx.runId(),
                rows -> inserted[0] = ctx.tables().appendAbsent(Bronze.table(source), rows,
                    List.of(Bronze.PARTITION, "source_file"), dumpDates, Bronze.PARTITION));
            landed.unreadable().forEach(u -> LOG.warn("landed file unreadable, nothing of it ingested; it is tried "
                + "again next run: {}", u));
            unreadable.addAll(landed.unreadable());
            toRead.stream().filter(f -> !landed.read().contains(f)).forEach(failed::add);
            long added = inserted[0] < 0 ? landed.records() : inserted[0];
            if (added < landed.records()) {
                LOG.warn("bronze.{}: {} of {} record(s) read belong to files another ingest landed meanwhile; "
                    + "not added again", source.folder(), landed.records() - added, landed.records());
            }
            if (!landed.read().isEmpty()) {
                records.put(source, added);
            }
            LOG.info("bronze.{}: {} record(s) from {} file(s)", source.folder(), added, landed.read().size());
        }
        List<LandedFile> logged = candidates.stream().filter(f -> !failed.contains(f)).toList();
        IngestedFiles.append(ctx, logged, ingestedAt);
        return new Result(logged.size() - recovered.size(), records, already, recovered.size(),
            listing.passedOver(), listing.refused(), unreadable);
    }

    /** Path → size of every file already ingested for the selected sources; adds the runs that logged them. */
    private Map<String, Long> ingestedSizes(Set<String> loggedRuns) {
        Map<String, Long> sizes = new HashMap<>();
        for (IngestedFiles.Logged f : IngestedFiles.of(ctx, selection.sources())) {
            sizes.put(f.sourceFile(), f.sizeBytes());
            loggedRuns.add(f.runId());
        }
        return sizes;
    }

    /**
     * Files whose records reached bronze although the log missed them (a run killed between the
     * two commits): they are logged now instead of being read twice. Only a bronze table whose last
     * commit came from a run that logged nothing can hold such files, so the others are not searched.
     */
    private Set<String> alreadyInBronze(List<LandedFile> candidates, Set<String> loggedRuns) {
        Set<String> found = new HashSet<>();
        for (Source source : selection.sources()) {
            List<LandedFile> mine = candidates.stream().filter(f -> f.source() == source).toList();
            if (mine.isEmpty() || !ctx.tables().exists(Bronze.table(source))
                || loggedRuns.contains(ctx.tables().lastCommitRun(Bronze.table(source)))) {
                continue;
            }
            Object[] dates = mine.stream().map(f -> Date.valueOf(f.dumpDate())).distinct().toArray();
            Object[] paths = mine.stream().map(LandedFile::relativePath).toArray();
            ctx.tables().read(Bronze.table(source))
                .filter(col(Bronze.PARTITION).isin(dates).and(col("source_file").isin(paths)))
                .select("source_file").distinct().collectAsList()
                .forEach(r -> found.add(r.getString(0)));
        }
        if (!found.isEmpty()) {
            LOG.warn("{} file(s) were already in bronze from an interrupted run; logging them without re-reading",
                found.size());
        }
        return found;
    }
}
