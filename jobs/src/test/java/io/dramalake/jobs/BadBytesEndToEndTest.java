package io.dramalake.jobs;

import static io.dramalake.jobs.LakeAssertions.count;
import static io.dramalake.jobs.LakeAssertions.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dramalake.common.lake.Lake;
import io.dramalake.common.lake.LakeTable;
import io.dramalake.jobs.cli.ExitCode;
import io.dramalake.jobs.sql.LakeCatalog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad bytes through {@code run}: Latin-1 and NUL bytes, a 50 MB line, stray quotes in unquoted
 * fields, a corrupt and a truncated {@code .gz}, and dump folders dated in the future. Figures
 * worked out by hand from the files written below.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadBytesEndToEndTest {

    static final String HEADER = "date,store,app_id,unified_app_id,app_name,publisher_name,country,downloads,"
        + "revenue_cents,as_of\n";
    static final String AS_OF = ",2025-03-02T01:00:00Z\n";
    static final LocalDate TODAY = dayWithTimeToFinish();

    /**
     * Today (UTC), with the class's few minutes still in it. Its runs compare dump dates with the
     * day they start on, so a class straddling midnight would see "tomorrow" become today: with
     * under ten minutes left, it waits for the next day.
     */
    private static LocalDate dayWithTimeToFinish() {
        java.time.ZonedDateTime now = java.time.ZonedDateTime.now(ZoneOffset.UTC);
        java.time.ZonedDateTime midnight = now.toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC);
        java.time.Duration left = java.time.Duration.between(now, midnight);
        if (left.compareTo(java.time.Duration.ofMinutes(10)) < 0) {
            try {
                Thread.sleep(left.toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return LocalDate.now(ZoneOffset.UTC);
    }

    Path landing;
    String lake;
    CliRunner first;
    byte[] fullApps;

    @BeforeAll
    void land(@TempDir Path dir) throws Exception {
        landing = dir.resolve("landing");
        lake = dir.resolve("lake").toString();
        Path dump = landing.resolve("app_intel/dump_date=2025-03-02");
        write(dump.resolve("intel.csv"), cat(ascii(HEADER
                // 2-4: two stray quotes three lines apart; today they join lines 2-4 into one malformed record
                + "2025-03-01,ios,1001,,The 5\" Wife,Pub,US,10,100" + AS_OF
                + "2025-03-01,ios,1002,,Plain One,Pub,US,20,200" + AS_OF
                + "2025-03-01,ios,1003,,Her 9\" Heels,Pub,US,30,300" + AS_OF
                // 5: Latin-1 e-acute
                + "2025-03-01,ios,1004,,Caf"), new byte[] {(byte) 0xE9}, ascii(" Love,Pub,US,40,400" + AS_OF
                // 6: a NUL inside the name
                + "2025-03-01,ios,1005,,Nul"), new byte[] {0}, ascii("Drama,Pub,US,50,500" + AS_OF
                // 7: a properly quoted name with doubled quotes
                + "2025-03-01,ios,1006,,\"Quoted \"\"6\"\" Name\",Pub,US,60,600" + AS_OF)));
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dump.resolve("long.csv.gz")))) {
            out.write(ascii(HEADER + "2025-03-01,ios,2001,,"));
            byte[] x = new byte[1 << 20];
            Arrays.fill(x, (byte) 'x');
            for (int i = 0; i < 50; i++) {
                out.write(x); // a 50 MB app_name
            }
            out.write(ascii(",Pub,US,1,1,\n2025-03-01,ios,2002,,Short,Pub,US,70,700" + AS_OF));
        }
        write(dump.resolve("corrupt.csv.gz"), ascii("this is not gzip at all\n"));

        Path apps = landing.resolve("apps/dump_date=2025-03-02");
        write(apps.resolve("apps.jsonl"), cat(ascii(
            "{\"unified_app_id\":\"aaaaaaaaaaaaaaaaaaaaaaa1\",\"app_name\":\"Good\",\"publisher_hq_country\":\"US\"}\n"
                + "{\"unified_app_id\":\"aaaaaaaaaaaaaaaaaaaaaaa2\",\"app_name\":\"Caf"), new byte[] {(byte) 0xE9},
            ascii("\"}\n{\"unified_app_id\":\"aaaaaaaaaaaaaaaaaaaaaaa3\",\"app_name\":\"" + "x".repeat(100_000) + "\"}\n")));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            many.append(String.format("{\"unified_app_id\":\"b%023x\",\"app_name\":\"App %d\",\"publisher_hq_country\":"
                + "\"US\"}\n", i * 7919L, i));
        }
        fullApps = gzip(many.toString());
        // cut in half: the first half decompresses into records before the stream breaks
        write(apps.resolve("truncated.jsonl.gz"), Arrays.copyOf(fullApps, fullApps.length / 2));

        String one = HEADER + "2025-03-01,ios,3001,,Tomorrow,Pub,US,80,800" + AS_OF;
        write(landing.resolve("app_intel/dump_date=" + TODAY.plusDays(1) + "/tomorrow.csv"), ascii(one));
        write(landing.resolve("app_intel/dump_date=" + TODAY.plusDays(2) + "/ahead.csv"),
            ascii(one.replace("3001,,Tomorrow", "3002,,Ahead")));
        write(landing.resolve("app_intel/dump_date=2999-01-01/future.csv"),
            ascii(one.replace("3001,,Tomorrow", "3003,,Future")));

        first = CliRunner.run("run", "--landing", landing.toString(), "--lake", lake);
    }

    private void register() {
        LakeCatalog.register(TestSpark.get(), new Lake(lake));
    }

    @Test
    @Order(1)
    void goodRowsLandAndBadBytesAreQuarantinedWithTheirReason() {
        assertEquals(ExitCode.OK, first.exitCode(), first.toString());
        register();
        // intel.csv 6 records, long.csv.gz 2, tomorrow.csv 1; apps.jsonl 3
        assertEquals(List.of("app_intel,9", "apps,3"), rows("SELECT 'app_intel', count(*) FROM bronze.app_intel "
            + "UNION ALL SELECT 'apps', count(*) FROM bronze.apps"));
        assertEquals(List.of(
            "1001,The 5\" Wife", "1002,Plain One", "1003,Her 9\" Heels", "1006,Quoted \"6\" Name", "2002,Short",
            "3001,Tomorrow"), rows("SELECT app_id, app_name FROM silver.app_intel_daily ORDER BY app_id"));
        assertEquals(List.of("aaaaaaaaaaaaaaaaaaaaaaa1"), rows("SELECT unified_app_id FROM silver.apps"));
        assertEquals(List.of(
            "app_intel,bad_encoding,5,not UTF-8: byte 25 of the line is 0xE9 (shown as U+FFFD)",
            "app_intel,nul_byte,6,a NUL byte at byte 25 of the line",
            "app_intel,too_long,2,a line of 52428833 bytes; the limit is 65536 (the record is cut there)",
            "apps,bad_encoding,2,not UTF-8: byte 61 of the line is 0xE9 (shown as U+FFFD)",
            "apps,too_long,3,a line of 100059 bytes; the limit is 65536 (the record is cut there)"), rows(
            "SELECT source, reason, line_number, detail FROM silver.quarantine ORDER BY source, reason"));
        assertEquals(List.of("65536", "65536"), rows(
            "SELECT length(raw_record) FROM silver.quarantine WHERE reason = 'too_long' ORDER BY source"));
        assertEquals(List.of("2025-03-01,ios,1004,,Caf\uFFFD Love,Pub,US,40,400,2025-03-02T01:00:00Z"), rows(
            "SELECT raw_record FROM silver.quarantine WHERE source = 'app_intel' AND reason = 'bad_encoding'"));
        assertEquals(0, count("SELECT count(*) FROM silver.app_intel_daily WHERE instr(app_name, '\uFFFD') > 0 "
            + "OR instr(app_name, char(0)) > 0 OR length(app_name) > 100"));
    }

    @Test
    @Order(2)
    void corruptAndTruncatedGzipsLandNothingAndAreReported() {
        register();
        assertEquals(0, count("SELECT count(*) FROM bronze.app_intel WHERE source_file LIKE '%corrupt%'"));
        assertEquals(0, count("SELECT count(*) FROM bronze.apps WHERE source_file LIKE '%truncated%'"));
        assertEquals(List.of(
            "app_intel/dump_date=2025-03-02/intel.csv", "app_intel/dump_date=2025-03-02/long.csv.gz",
            "app_intel/dump_date=" + TODAY.plusDays(1) + "/tomorrow.csv",
            "apps/dump_date=2025-03-02/apps.jsonl"), rows(
            "SELECT source_file FROM ops.ingested_files ORDER BY source_file"));
        assertTrue(first.out().contains("2 unreadable file(s) not ingested (tried again next run): "
            + "app_intel/dump_date=2025-03-02/corrupt.csv.gz: corrupt or truncated gzip (Not in GZIP format); "
            + "apps/dump_date=2025-03-02/truncated.jsonl.gz: corrupt or truncated gzip ("), first.out());
        assertEquals(1, count("SELECT count(*) FROM ops.runs WHERE summary LIKE '%truncated.jsonl.gz: corrupt or "
            + "truncated gzip%'"));
    }

    @Test
    @Order(3)
    void futureDumpsAreRefusedAndTheToleranceAdmitsTomorrow() {
        register();
        assertTrue(first.out().contains("refused app_intel/dump_date=" + TODAY.plusDays(2) + ": dated after "
            + TODAY.plusDays(1) + " (today UTC plus the tolerance dramalake.future-dump-days); "
            + "app_intel/dump_date=2999-01-01: dated after " + TODAY.plusDays(1)), first.out());
        assertEquals(List.of(TODAY.plusDays(1) + ",1"), rows("SELECT dump_date, count(*) FROM bronze.app_intel "
            + "WHERE dump_date > DATE'2025-03-02' GROUP BY dump_date"));
    }

    @Test
    @Order(4)
    void everyRecordReadIsAccountedFor() {
        register();
        assertEquals(List.of("app_intel,accepted,6", "app_intel,read,9", "app_intel,rejected,3",
            "apps,accepted,1", "apps,read,3", "apps,rejected,2"), rows(
            "SELECT source, metric, sum(rows) FROM ops.row_accounting GROUP BY source, metric HAVING sum(rows) > 0 "
                + "ORDER BY source, metric"));
        assertIdentity();
    }

    @Test
    @Order(5)
    void aCorrectedRedeliveryLandsOnTheNextRun() throws Exception {
        write(landing.resolve("apps/dump_date=2025-03-02/truncated.jsonl.gz"), fullApps);
        Files.delete(landing.resolve("app_intel/dump_date=2025-03-02/corrupt.csv.gz"));
        CliRunner again = CliRunner.run("run", "--landing", landing.toString(), "--lake", lake);
        assertEquals(ExitCode.OK, again.exitCode(), again.toString());
        assertFalse(again.out().contains("unreadable"), again.out());
        register();
        assertEquals(2003, count("SELECT count(*) FROM bronze.apps"));
        assertEquals(2001, count("SELECT count(*) FROM silver.apps"));
        assertIdentity();
    }

    @Test
    @Order(6)
    void refusedDumpsLeaveTheLakeUnchanged() throws Exception {
        Map<String, List<String>> before = deltaLogs();
        CliRunner again = CliRunner.run("run", "--landing", landing.toString(), "--lake", lake);
        assertEquals(ExitCode.OK, again.exitCode(), again.toString());
        assertTrue(again.out().contains("nothing new"), again.out());
        assertTrue(again.out().contains("; app_intel/dump_date=2999-01-01: dated after"), again.out());
        assertEquals(before, deltaLogs());
    }

    @Test
    @Order(7)
    void theToleranceIsAProfileKey(@TempDir Path conf) throws Exception {
        Path bad = conf.resolve("bad.properties");
        Files.writeString(bad, "dramalake.future-dump-days=-1\n");
        Map<String, List<String>> before = deltaLogs();
        CliRunner refused = CliRunner.run("run", "--conf", bad.toString(), "--landing", landing.toString(), "--lake", lake);
        assertEquals(ExitCode.USAGE, refused.exitCode(), refused.toString());
        assertTrue(refused.err().startsWith("dramalake run: dramalake.future-dump-days in " + bad
            + ": '-1' is not a whole number of days, 0 or more (see dramalake run --help)\n"), refused.err());
        assertEquals(before, deltaLogs());

        Path wider = conf.resolve("wider.properties");
        Files.writeString(wider, "dramalake.future-dump-days=2\n");
        CliRunner run = CliRunner.run("run", "--conf", wider.toString(), "--landing", landing.toString(), "--lake", lake);
        assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        register();
        assertEquals(List.of("3001,Tomorrow", "3002,Ahead"), rows(
            "SELECT app_id, app_name FROM silver.app_intel_daily WHERE app_id > '3000' ORDER BY app_id"));
        assertIdentity();
    }

    @Test
    @Order(8)
    void aBadCurateSettingIsAUsageErrorBeforeTheLakeIsTouched(@TempDir Path conf) throws Exception {
        String key = io.dramalake.jobs.curate.CurateJob.REBUILD_BELOW_MIB;
        Path bad = conf.resolve("bad.properties");
        Files.writeString(bad, key + "=lots\n");
        Map<String, List<String>> before = deltaLogs();
        try {
            for (String command : List.of("run", "curate")) {
                List<String> args = new java.util.ArrayList<>(List.of(command, "--conf", bad.toString(), "--lake", lake));
                if (command.equals("run")) {
                    args.addAll(List.of("--landing", landing.toString()));
                }
                CliRunner refused = CliRunner.run(args.toArray(String[]::new));
                assertEquals(ExitCode.USAGE, refused.exitCode(), refused.toString());
                assertEquals("dramalake " + command + ": " + key + ": 'lots' is not a whole number of MiB (see dramalake "
                    + command + " --help)\n", refused.err());
                assertEquals(before, deltaLogs(), command + " left the lake as it was");
            }
        } finally {
            TestSpark.get().conf().set(key, "0"); // the profile's value stays on the shared session
        }
    }

    /** Σ read = silver rows + quarantined rows + Σ superseded + Σ displaced, per source. */
    private void assertIdentity() {
        List<String> r = rows("SELECT a.source, a.read, s.silver + coalesce(q.quarantined, 0) + a.superseded FROM "
            + "(SELECT source, sum(CASE WHEN metric = 'read' THEN rows END) AS read, "
            + "sum(CASE WHEN metric IN ('superseded', 'displaced') THEN rows ELSE 0 END) AS superseded "
            + "FROM ops.row_accounting GROUP BY source) a "
            + "JOIN (SELECT 'app_intel' AS source, count(*) AS silver FROM silver.app_intel_daily UNION ALL "
            + "SELECT 'apps', count(*) FROM silver.apps) s ON a.source = s.source "
            + "LEFT JOIN (SELECT source, count(*) AS quarantined FROM silver.quarantine GROUP BY source) q "
            + "ON a.source = q.source ORDER BY a.source");
        for (String line : r) {
            String[] f = line.split(",");
            assertEquals(f[1], f[2], "read vs silver + quarantined + superseded for " + f[0]);
        }
        assertEquals(2, r.size());
    }

    private Map<String, List<String>> deltaLogs() throws IOException {
        Map<String, List<String>> s = new LinkedHashMap<>();
        for (LakeTable t : LakeTable.all()) {
            Path log = Path.of(new Lake(lake).path(t), "_delta_log");
            if (Files.exists(log)) {
                try (var files = Files.list(log)) {
                    s.put(t.qualifiedName(), files.map(p -> p.getFileName().toString()).sorted().toList());
                }
            }
        }
        return s;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] cat(byte[]... parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p);
        }
        return out.toByteArray();
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }
}
