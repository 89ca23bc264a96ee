package io.dramalake.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dramalake.jobs.cli.ExitCode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * A hand-made landing zone that exercises every rule of the data contract. Two dumps:
 * 2025-03-02, and 2025-03-05 which restates days of the first and changes an app's origin.
 * Expected figures are worked out by hand in the tests that use it.
 */
public final class Fixture {

    public static final String A1 = "aaaaaaaaaaaaaaaaaaaaaaa1"; // ReelShort, parent CN
    public static final String A2 = "bbbbbbbbbbbbbbbbbbbbbbb2"; // DramaBox, SG; parent CN from dump 2
    public static final String A3 = "ccccccccccccccccccccccc3"; // ShortMax, publisher cn, parent XX (invalid)
    public static final String A4 = "ddddddddddddddddddddddd4"; // Melolo, no countries: ZZ (delivered upper-case)
    public static final String A5 = "eeeeeeeeeeeeeeeeeeeeeee5"; // NewDrama, HK, only in dump 2
    public static final String F6 = "fffffffffffffffffffffff6"; // FlexTV: in app_intel, never in apps

    private Fixture() {
    }

    /** Dump 2025-03-02: 28 app_intel records in two files, 7 apps, 11 creatives. */
    public static void writeDump1(Path landing) throws IOException {
        write(landing.resolve("app_intel/dump_date=2025-03-02/part-1.csv"), "\uFEFF"
            + "Store,date,APP_ID,unified_app_id,app_name,publisher_name,Country,downloads,revenue_cents,as_of,extra_col\n"
            // 1: valid; exact copies are record 11 and part-2's second record (which wins the tie on file name)
            + "iOS,2025-02-28,1500000001," + A1 + ",ReelShort,Crazy Maple,US,1000,250000,2025-03-02T01:00:00Z,x\n"
            // 2: upper-case unified id, lower-case country, thousands separators; restated in dump 2
            + "App Store,2025/03/01,1500000001," + A1.toUpperCase() + ",ReelShort,Crazy Maple,us,\"1,200\",\"300,000\",2025-03-02T01:00:00Z,x\n"
            // 3: no unified id (resolved by store id), UK -> GB, empty as_of -> start of dump date
            + "google play,20250301,com.reelshort,,ReelShort,Crazy Maple,UK,500,99999,,x\n"
            // 4: valid; record 12 has the same key and an older as_of
            + "GP,2025-02-28,com.dramabox," + A2 + ",DramaBox,STORYMATRIX,PH,800,120050,2025-03-02T01:00:00Z,x\n"
            // 5: worldwide total
            + "android,2025-03-01,com.dramabox," + A2 + ",DramaBox,STORYMATRIX,WW,9999,999900,2025-03-02T01:00:00Z,x\n"
            // 6: superseded by record 13 (same key, newer as_of)
            + "itunes,2025-03-01,1600000003,,ShortMax,ShortMax Ltd,CA,300,45000,2025-03-02T01:00:00Z,x\n"
            // 7: zero revenue
            + "apple,2025-01-15,1600000003," + A3 + ",ShortMax,ShortMax Ltd,DE,50,0,2025-03-02T01:00:00Z,x\n"
            // 8: unified id not in apps: unresolved, keyed by its own id
            + "android,2025-03-01,com.flextv," + F6 + ",FlexTV,Flex,ID,400,10000,2025-03-02T01:00:00Z,x\n"
            // 9: no unified id, no store match: keyed ios:1700000007
            + "ios,2025-02-28,1700000007,,GoodShort,Good,JP,70,7000,2025-03-02T01:00:00Z,x\n"
            // 10: the apps table's name wins over this one
            + "android,2024-12-31,com.melolo," + A4.toUpperCase() + ",Melolo Intel Name,Melolo Co,BR,600,5000,2025-03-02T01:00:00Z,x\n"
            // 11: exact duplicate of record 1
            + "iOS,2025-02-28,1500000001," + A1 + ",ReelShort,Crazy Maple,US,1000,250000,2025-03-02T01:00:00Z,x\n"
            // 12: same key as record 4, older as_of: superseded
            + "GP,2025-02-28,com.dramabox," + A2 + ",DramaBox,STORYMATRIX,PH,700,70000,2025-03-01T00:00:00Z,x\n"
            // 13: same key as record 6, newer as_of: wins
            + "itunes,2025-03-01,1600000003,,ShortMax,ShortMax Ltd,CA,310,46000,2025-03-02T05:00:00Z,x\n"
            // 14-25: rejects
            + "ios,2025-02-30,1500000001," + A1 + ",ReelShort,Crazy Maple,US,1,1,,x\n"
            + "ios,03/01/2025,1500000001," + A1 + ",ReelShort,Crazy Maple,US,1,1,,x\n"
            + "ios,2025-03-03,1500000001," + A1 + ",ReelShort,Crazy Maple,US,1,1,,x\n"
            + "amazon,2025-03-01,1500000001," + A1 + ",ReelShort,Crazy Maple,US,1,1,,x\n"
            + "ios,2025-03-01,," + A1 + ",ReelShort,Crazy Maple,US,1,1,,x\n"
            + "ios,2025-03-01,1500000001," + A1 + ",ReelShort,Crazy Maple,XX,1,1,,x\n"
            + "ios,2025-03-01,1500000001," + A1 + ",ReelShort,Crazy Maple,US,\"12,34\",1,,x\n"
            + "ios,2025-03-01,1500000001," + A1 + ",ReelShort,Crazy Maple,US,-5,1,,x\n"
            + "ios,2025-03-01,1500000001," + A1 + ",ReelShort,Crazy Maple,US,1,12.5,,x\n"
            + "ios,2025-03-01,123\n"
            // bad date and unknown store: the first reason in the contract's order wins
            + "foo,2025-13-01,1500000001," + A1 + ",ReelShort,Crazy Maple,US,1,1,,x\n"
            // worldwide total with bad downloads: rejected, not excluded
            + "ios,2025-03-01,1500000001," + A1 + ",ReelShort,Crazy Maple,WW,abc,100,,x\n"
            // 26: quoted name with a comma and an escaped quote
            + "ios,2025-02-28,1500000001," + A1 + ",\"ReelShort, \"\"Official\"\"\",Crazy Maple,AU,10,1000,2025-03-02T01:00:00Z,x\n");
        writeGzip(landing.resolve("app_intel/dump_date=2025-03-02/part-2.csv.gz"),
            "date,store,app_id,unified_app_id,app_name,publisher_name,country,downloads,revenue_cents,as_of\n"
                + "2025-02-27,android,com.dramabox," + A2 + ",DramaBox,STORYMATRIX,ph,200,30000,2025-03-02T01:00:00Z\n"
                + "2025-02-28,ios,1500000001," + A1 + ",ReelShort,Crazy Maple,US,1000,250000,2025-03-02T01:00:00Z\n");

        write(landing.resolve("apps/dump_date=2025-03-02/apps.jsonl"),
            "{\"unified_app_id\":\"" + A1 + "\",\"app_name\":\"ReelShort\",\"publisher_name\":\"Crazy Maple Studio\","
                + "\"publisher_hq_country\":\"US\",\"parent_company\":\"COL Group\",\"parent_hq_country\":\"CN\","
                + "\"store_ids\":{\"ios\":\"1500000001\",\"android\":\"com.reelshort\"},\"as_of\":\"2025-03-01T00:00:00Z\"}\n"
                + "{\"unified_app_id\":\"" + A2 + "\",\"app_name\":\"DramaBox\",\"publisher_name\":\"STORYMATRIX\","
                + "\"publisher_hq_country\":\"SG\",\"parent_company\":null,\"parent_hq_country\":null,"
                + "\"store_ids\":{\"android\":\"com.dramabox\"},\"as_of\":\"2025-03-01T10:00:00Z\"}\n"
                + "{\"unified_app_id\":\"" + A3 + "\",\"app_name\":\"ShortMax\",\"publisher_name\":\"ShortMax Ltd\","
                + "\"publisher_hq_country\":\"cn\",\"parent_company\":\"Jiuzhou\",\"parent_hq_country\":\"XX\","
                + "\"store_ids\":{\"ios\":1600000003},\"as_of\":\"2025-03-01T00:00:00Z\"}\n"
                + "{\"unified_app_id\":\"" + A4.toUpperCase() + "\",\"app_name\":\"Melolo\",\"publisher_name\":\"Melolo Co\","
                + "\"store_ids\":{}}\n"
                + "{\"unified_app_id\":\"xyz\",\"app_name\":\"Broken Id\"}\n"
                + "{\"unified_app_id\": \"" + A1 + "\", \"app_name\": \n"
                + "{\"unified_app_id\":\"" + A2 + "\",\"app_name\":\"DramaBox Old\",\"publisher_name\":\"STORYMATRIX\","
                + "\"publisher_hq_country\":\"JP\",\"store_ids\":{\"android\":\"com.dramabox\"},\"as_of\":\"2025-02-01T00:00:00Z\"}\n");

        write(landing.resolve("ad_creatives/dump_date=2025-03-02/creatives.jsonl"),
            creative("cr-001", A1, "ios", "1500000001", "Facebook", "VIDEO", "2025-01-20", "2025-02-10",
                "[\"US\",\"uk\",\"XX\"]", "2025-03-02T01:00:00Z")
                + creative("cr-002", null, "Google Play", "com.dramabox", "Pangle", "image", "2025/02/01", "20250301",
                "[\"ph\",\"ID\"]", "2025-03-02T01:00:00Z")
                + creative("cr-003", null, "amazon", "x", "meta", "video", "2025-02-01", "2025-02-02", "[]", null)
                + creative("  ", A1, "ios", "1500000001", "meta", "video", "2025-02-01", "2025-02-02", "[]", null)
                + creative("cr-005", A1, "ios", "1500000001", "meta", "video", "2025-02-31", "2025-03-01", "[]", null)
                + creative("cr-006", A1, "ios", "1500000001", "meta", "video", "2025-03-01", "2025-03-05", "[]", null)
                + creative("cr-007", A1, "ios", "1500000001", "meta", "video", "2025-02-10", "2025-02-01", "[]", null)
                + "{\"creative_id\": \"cr-008\", \n"
                + creative("cr-009", F6, null, null, "Snap", "gif", "2025-02-15", "2025-02-20", "[\"ID\"]",
                "2025-03-02T01:00:00Z")
                // cr-001 again, older: extends last_seen and countries; its network does not win
                + creative("cr-001", A1, "ios", "1500000001", "TikTok", "image", "2025-01-25", "2025-02-15",
                "[\"CA\"]", "2025-03-01T00:00:00Z")
                + creative("cr-011", null, "iOS", "1700000007", "Reddit", "Playable", "2024-12-20", "2025-01-05",
                "[\"JP\"]", "2025-03-02T01:00:00Z"));
    }

    /** Dump 2025-03-05: restates days of dump 1, adds an app, re-parents DramaBox to a CN company. */
    public static void writeDump2(Path landing) throws IOException {
        writeGzip(landing.resolve("app_intel/dump_date=2025-03-05/restated.csv.gz"),
            "date,store,app_id,unified_app_id,app_name,publisher_name,country,downloads,revenue_cents,as_of\n"
                + "2025-03-01,ios,1500000001," + A1 + ",ReelShort,Crazy Maple,US,1300,310000,2025-03-05T01:00:00Z\n"
                + "2025-03-04,ios,1500000001," + A1 + ",ReelShort,Crazy Maple,US,900,200000,2025-03-05T01:00:00Z\n"
                + "2025-02-28,android,com.dramabox," + A2 + ",DramaBox,STORYMATRIX,PH,777,77700,2025-03-01T00:00:00Z\n"
                + "2025-03-01,android,com.reelshort,,ReelShort,Crazy Maple,GB,500,99999,\n"
                + "2025-03-04,android,com.newapp,,NewDrama,NewCo,US,100,1000,2025-03-05T01:00:00Z\n");
        writeGzip(landing.resolve("apps/dump_date=2025-03-05/apps.jsonl.gz"),
            "{\"unified_app_id\":\"" + A2 + "\",\"app_name\":\"DramaBox\",\"publisher_name\":\"STORYMATRIX\","
                + "\"publisher_hq_country\":\"SG\",\"parent_company\":\"Dianzhong\",\"parent_hq_country\":\"CN\","
                + "\"store_ids\":{\"android\":\"com.dramabox\"},\"as_of\":\"2025-03-05T00:00:00Z\"}\n"
                + "{\"unified_app_id\":\"" + A5 + "\",\"app_name\":\"NewDrama\",\"publisher_name\":\"NewCo\","
                + "\"publisher_hq_country\":\"HK\",\"parent_company\":null,\"parent_hq_country\":null,"
                + "\"store_ids\":{\"android\":\"com.newapp\"}}\n");
        write(landing.resolve("ad_creatives/dump_date=2025-03-05/creatives.jsonl"),
            creative("cr-002", null, "google_play", "com.dramabox", "pangle", "Image", "2025-02-01", "2025-03-04",
                "[\"PH\",\"VN\"]", "2025-03-05T01:00:00Z")
                + creative("cr-012", A5, null, null, "AdMob", "carousel", "2025-03-03", "2025-03-04", "[\"US\"]",
                "2025-03-05T01:00:00Z"));
    }

    private static String creative(String id, String unified, String store, String appId, String network,
                                   String media, String first, String last, String countries, String asOf) {
        return "{\"creative_id\":" + q(id) + ",\"unified_app_id\":" + q(unified) + ",\"store\":" + q(store)
            + ",\"app_id\":" + q(appId) + ",\"network\":" + q(network) + ",\"media_type\":" + q(media)
            + ",\"first_seen\":" + q(first) + ",\"last_seen\":" + q(last) + ",\"countries\":" + countries
            + ",\"language\":\"en\",\"impressions\":1000" + (asOf == null ? "" : ",\"as_of\":" + q(asOf)) + "}\n";
    }

    /**
     * Lands both dumps and runs the pipeline over the first only, as a lake looks between two
     * daily runs: the starting point of tests that then break the lake their own way.
     */
    public static void landBothDumpsAndRunTheFirst(Path landing, String lake) throws IOException {
        copyOfBuilt("first-dump-run", landing, Path.of(lake), (l, k) -> {
            writeDump1(l);
            writeDump2(l);
            CliRunner run = CliRunner.run("run", "--landing", l.toString(), "--lake", k.toString(), "--dump-date",
                "2025-03-02");
            assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        });
    }

    /** Lands both dumps and runs the pipeline over both at once, as an analyst's lake starts. */
    public static void landBothDumpsAndRun(Path landing, String lake) throws IOException {
        copyOfBuilt("both-dumps-run", landing, Path.of(lake), (l, k) -> {
            writeDump1(l);
            writeDump2(l);
            CliRunner run = CliRunner.run("run", "--landing", l.toString(), "--lake", k.toString());
            assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        });
    }

    interface Build {
        void into(Path landing, Path lake) throws IOException;
    }

    /** Landing zones and lakes built once per test JVM, by name. */
    private static final Map<String, Path> BUILT = new HashMap<>();

    /**
     * A copy of the landing and lake that {@code build} makes, built on first use and copied after:
     * a pipeline run costs tens of seconds, a copy milliseconds. The copy is exact because nothing in
     * a Delta log, or in a row, holds the lake's or the landing's absolute path (files are named
     * relative to their table, and landed files relative to the landing root).
     */
    static synchronized void copyOfBuilt(String name, Path landing, Path lake, Build build) throws IOException {
        Path built = BUILT.get(name);
        if (built == null) {
            Path dir = Files.createTempDirectory("dramalake-fixture-" + name + "-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            build.into(dir.resolve("landing"), dir.resolve("lake"));
            BUILT.put(name, dir);
            built = dir;
        }
        copyTree(built.resolve("landing"), landing);
        copyTree(built.resolve("lake"), lake);
    }

    /** Copies a folder tree (a landing zone, a lake) with its files' times. */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at JVM exit: the temp folder is the OS's to clean then
        }
    }

    private static String q(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    static void writeGzip(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
