package io.dramalake.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dramalake.jobs.Fixture;
import io.dramalake.jobs.sample.SampleGenerator;
import io.dramalake.jobs.sample.SampleOptions;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DuckDB-native baseline must give the pipeline's silver and gold figures. It is checked
 * against the DuckDB reference, which DuckDbReferenceTest holds equal to the Spark lake, so no
 * Spark is needed here.
 */
class DuckDbNativeTest {

    @Test
    void generatedSampleGivesTheReferencesSilverAndGoldFigures(@TempDir Path dir) throws Exception {
        Path landing = dir.resolve("landing");
        // 10 days: the first dump carries one bad row of every reason, dump 9 splits creatives over two files
        new SampleGenerator(SampleOptions.defaults().withDays(10).withApps(10, 20).withCountries(6).withCreatives(400))
            .generate(landing);
        assertSameFigures(landing);
    }

    /**
     * The hand-made fixture, plus a JSON line cut short after a key, as the generator cuts them:
     * read_json(ignore_errors) takes the next line for that key's value and loses that record too.
     */
    @Test
    void fixtureGivesTheReferencesSilverAndGoldFigures(@TempDir Path dir) throws Exception {
        Path landing = dir.resolve("landing");
        Fixture.writeDump1(landing);
        Fixture.writeDump2(landing);
        Files.writeString(Files.createDirectories(landing.resolve("ad_creatives/dump_date=2025-03-05")).resolve("cut.jsonl"),
            "{\"creative_id\":\"cr-020\",\"unified_app_id\":\n"
                + "{\"creative_id\":\"cr-021\",\"unified_app_id\":\"" + Fixture.A1 + "\",\"store\":\"ios\","
                + "\"app_id\":\"1500000001\",\"network\":\"Meta\",\"media_type\":\"video\","
                + "\"first_seen\":\"2025-03-01\",\"last_seen\":\"2025-03-04\",\"countries\":[\"US\"]}\n");
        assertSameFigures(landing);
    }

    private static void assertSameFigures(Path landing) throws Exception {
        Map<String, String> reference = DuckDbReference.run(landing, "1", "1GB", null, null).totals();
        Map<String, String> baseline = DuckDbNative.run(landing, "1", "1GB").totals();

        assertTrue(baseline.containsKey("gold.download_volume.revenue_usd"), baseline.toString());
        assertTrue(baseline.keySet().stream().allMatch(DuckDbNative::compared), baseline.toString());
        assertEquals(List.of(), DuckDbNative.differences(reference, baseline));
    }

    @Test
    void differencesNameChangedMissingAndExtraFiguresButNotTheLineLevelOnes() {
        Map<String, String> spark = Map.of("gold.a", "1", "silver.b", "2", "gold.c", "3", "read.apps", "4",
            "quarantine.apps.malformed", "5");
        Map<String, String> baseline = Map.of("gold.a", "1", "silver.b", "20", "gold.d", "6");
        assertEquals(List.of("gold.c: spark=3 duckdb-native=null", "gold.d: spark=null duckdb-native=6",
            "silver.b: spark=2 duckdb-native=20"), DuckDbNative.differences(spark, baseline));
    }

    @Test
    void rawReadCountsEveryLineOfEveryLandedFile(@TempDir Path landing) throws Exception {
        Path dump = Files.createDirectories(landing.resolve("app_intel/dump_date=2025-01-02"));
        Files.writeString(dump.resolve("a.csv"), "date,store\n1,2\n3,4\n"); // 3 lines, 19 bytes
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dump.resolve("b.csv.gz")))) {
            out.write("h\r\nx\r\ny".getBytes(StandardCharsets.UTF_8)); // 3 lines, the last unterminated; 7 bytes
        }
        Files.writeString(dump.resolve("empty.csv"), "");
        Files.writeString(landing.resolve(".bench-complete"), "not landed\n");

        RawRead r = RawRead.of(landing);

        assertEquals(3, r.files());
        assertEquals(6, r.lines());
        assertEquals(26, r.bytes());
        assertEquals(19 + Files.size(dump.resolve("b.csv.gz")), r.diskBytes());
    }

    @Test
    void resultsFileTakesFurtherMembersBeforeItsClosingBrace() {
        assertEquals("{\n  \"a\": 1,\n  \"b\": 2\n}\n", BenchJson.withMembers("{\n  \"a\": 1\n}\n", "  \"b\": 2"));
        assertEquals("{\n  \"a\": 1\n}\n", BenchJson.withMembers("{\n  \"a\": 1\n}\n", ""));
    }
}
