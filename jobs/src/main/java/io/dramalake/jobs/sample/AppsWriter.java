package io.dramalake.jobs.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code apps}: app and publisher metadata as JSON Lines. A full snapshot every seventh dump (and
 * in the first and last one); the dumps in between carry only the apps that launched that day.
 * Mid-sample one China-backed app is shown with its parent company for the first time (until then
 * its origin looks like its publisher's HQ); every later record has the parent.
 */
final class AppsWriter extends SourceWriter {
    static final String SOURCE = "apps";
    static final String[] REASONS = {"malformed", "bad_app_id"};
    static final String WARN_HQ = "invalid_hq_country";
    private static final int MALFORMED = 0, BAD_APP_ID = 1;
    private static final String[] BAD_HQ = {"XX", "Singapore", "S.G.", "EU", "HKG", "China"};

    /** Apps with at least one valid record written (by this worker, until merged). */
    final boolean[] listed;

    private ByteSink sink;
    private Mix.Rng rng;
    private boolean messy;
    private byte[] asOf;
    private boolean forcedWarning;
    private boolean lastHadWarning;

    AppsWriter(Universe u, Path root) {
        super(u, root, SOURCE, REASONS);
        listed = new boolean[u.n];
    }

    @Override
    void mergeFrom(SourceWriter w) {
        super.mergeFrom(w);
        for (int a = 0; a < u.n; a++) listed[a] |= ((AppsWriter) w).listed[a];
    }

    int appsInMetadata() {
        int n = 0;
        for (boolean b : listed) if (b) n++;
        return n;
    }

    @Override
    void writeDump(int i) throws IOException {
        forcedWarning = i == 0 && o.badRowShare() > 0; // one invalid HQ in the first dump at least
        Path dir = dumpDir(i);
        rng = new Mix.Rng(Mix.hash(u.seed, 0xA995L, i));
        messy = o.messy();
        boolean full = i % 7 == 0 || i == u.days - 1;
        String stamp = u.cal.compact(i + 1);
        int hour = messy ? 1 + rng.below(5) : 4;
        asOf = (u.cal.iso(i + 1) + "T0" + hour + ":30:00Z").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int active = u.activeApps(i);
        if (messy && full && i % 14 == 7) { // a big snapshot split over two files, one gzip
            int half = active / 2;
            Path a = dir.resolve("apps_" + stamp + "_part-00000.jsonl");
            Path b = dir.resolve("apps_" + stamp + "_part-00001.jsonl.gz");
            writeFile(a, false, i, 0, half, true);
            writeFile(b, true, i, half, active, true);
        } else {
            boolean gz = messy && i % 3 == 2;
            Path f = dir.resolve("apps_" + stamp + (gz ? ".jsonl.gz" : ".jsonl"));
            writeFile(f, gz, i, 0, active, full);
        }
        if (i == u.changeDump && u.changeApp >= 0) {
            int a = u.changeApp;
            notes.add("apps dump " + u.cal.iso(i + 1) + ": " + u.uid[a] + " (" + u.name[a] + ") is shown with parent "
                    + u.parent[a] + " (" + u.parentHq[a] + ") for the first time: origin " + u.changeOldPubHq + " -> "
                    + u.origin[a]);
        }
    }

    private void writeFile(Path file, boolean gz, int dump, int from, int to, boolean full) throws IOException {
        sink = open(file, gz);
        for (int a = from; a < to; a++) {
            if (u.orphan[a]) continue;
            if (!full && u.entry[a] != dump && !(dump == u.changeDump && a == u.changeApp)) continue;
            boolean before = a == u.changeApp && dump < u.changeDump;
            int start = writeRecord(a, before, -1);
            listed[a] = true;
            if (messy && rng.chance(0.002)) {
                sink.repeat(start, sink.position());
                lines++;
                count(excluded, "duplicate");
                if (lastHadWarning) count(warnings, WARN_HQ); // every line read carries its warning
            }
            int bad = nextBad(rng);
            if (bad >= 0) writeRecord(a, before, bad);
        }
        close(sink, file);
        sink = null;
    }

    private int writeRecord(int a, boolean beforeChange, int corrupt) throws IOException {
        int start = sink.beginRecord();
        sink.ascii("{\"unified_app_id\":");
        if (corrupt == BAD_APP_ID) {
            String id = u.uid[a];
            switch (rng.below(5)) {
                case 0: id = id.substring(1); break;             // 23 digits
                case 1: id = id + "0"; break;                    // 25 digits
                case 2: id = id.substring(0, 23) + "g"; break;   // not hex
                case 3: id = "N/A"; break;
                default: id = "0x" + id.substring(2); break;
            }
            sink.json(id);
        } else if (messy && rng.chance(0.05)) {
            sink.json(u.uid[a].toUpperCase(Locale.ROOT)); // valid: ids are compared lower-cased
        } else {
            sink.b('"').raw(u.uidBytes[a]).b('"');
        }
        sink.ascii(",\"app_name\":").raw(u.nameJson[a]);
        sink.ascii(",\"publisher_name\":").raw(u.pubJson[a]);
        String pubHq = beforeChange ? u.changeOldPubHq : u.pubHq[a];
        String parent = beforeChange ? null : u.parent[a];
        String parentHq = beforeChange ? null : u.parentHq[a];
        sink.ascii(",\"publisher_hq_country\":");
        lastHadWarning = false;
        if (corrupt < 0 && parentHq != null && a != u.changeApp && (forcedWarning || rng.chance(o.badRowShare()))) {
            // invalid publisher HQ: becomes null in silver; the origin comes from the parent, so it stays put
            forcedWarning = false;
            sink.json(BAD_HQ[rng.below(BAD_HQ.length)]);
            count(warnings, WARN_HQ);
            lastHadWarning = true;
        } else {
            country(pubHq);
        }
        if (parent != null || !(messy && rng.chance(0.5))) { // a missing parent is either null or absent
            sink.ascii(",\"parent_company\":").json(parent);
            sink.ascii(",\"parent_hq_country\":");
            country(parentHq);
        }
        sink.ascii(",\"store_ids\":{");
        boolean comma = false;
        if (u.iosId[a] != null) {
            sink.ascii("\"ios\":");
            if (messy && rng.chance(0.2)) {
                sink.raw(u.iosBytes[a]); // as a JSON number
            } else {
                sink.b('"').raw(u.iosBytes[a]).b('"');
            }
            comma = true;
        } else if (messy && rng.chance(0.3)) {
            sink.ascii("\"ios\":null");
            comma = true;
        }
        if (u.androidId[a] != null) {
            if (comma) sink.b(',');
            sink.ascii("\"android\":\"").raw(u.androidBytes[a]).b('"');
        }
        sink.b('}');
        if (messy && rng.chance(0.2)) {
            sink.ascii(",\"genre\":\"Drama\",\"content_rating\":\"12+\"");
        }
        if (!(messy && rng.chance(0.05))) {
            sink.ascii(",\"as_of\":\"").raw(asOf).b('"');
        }
        sink.b('}');
        if (corrupt == MALFORMED) {
            int len = sink.position() - start;
            sink.truncate(start, 10 + rng.below(len - 11)); // cut short: never valid JSON
        }
        sink.b('\n');
        lines++;
        return start;
    }

    private void country(String code) {
        if (code == null) {
            sink.ascii("null");
        } else if (messy && "GB".equals(code) && rng.chance(0.5)) {
            sink.ascii("\"UK\"");
        } else if (messy && rng.chance(0.05)) {
            sink.json(code.toLowerCase(Locale.ROOT));
        } else {
            sink.json(code);
        }
    }
}
