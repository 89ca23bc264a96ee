package io.dramalake.jobs;

import static io.dramalake.jobs.Fixture.A1;
import static io.dramalake.jobs.Fixture.A2;
import static io.dramalake.jobs.Fixture.A3;
import static io.dramalake.jobs.Fixture.A4;
import static io.dramalake.jobs.Fixture.A5;
import static io.dramalake.jobs.Fixture.F6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dramalake.jobs.cli.ExitCode;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report} over the fixture's lake (both dumps): the page's data are the hand-computed
 * figures of {@link PipelineEndToEndTest}, and headless Chromium draws every chart without a
 * script error and paints a page that is not blank.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportTest {

    Path dir;
    Path page;
    CliRunner report;
    HeadlessChromium chromium;

    @BeforeAll
    void buildLakeAndReport(@TempDir Path dir) throws Exception {
        this.dir = dir;
        Path landing = dir.resolve("landing");
        String lake = dir.resolve("lake").toString();
        Fixture.landBothDumpsAndRun(landing, lake);
        page = dir.resolve("out/report.html");
        report = CliRunner.run("report", "--lake", lake, "--out", page.toString());
        chromium = new HeadlessChromium(Files.createDirectories(dir.resolve("chromium")));
    }

    private JsonNode data() throws Exception {
        String html = Files.readString(page, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"report-data\">(.*?)</script>",
            Pattern.DOTALL).matcher(html);
        assertTrue(m.find(), "the page embeds its data");
        // Exact decimals, so 50.00 stays 50.00 as the page shows it.
        return new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true)).readTree(m.group(1));
    }

    /** The named data set's rows, the given fields comma-joined. */
    private List<String> rows(String dataSet, String... fields) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode row : data().path(dataSet)) {
            List<String> values = new ArrayList<>();
            for (String f : fields) {
                values.add(row.path(f).isNull() ? "null" : row.path(f).asText());
            }
            out.add(String.join(",", values));
        }
        return out;
    }

    @Test
    void writesOneSelfContainedPage() throws Exception {
        assertEquals(ExitCode.OK, report.exitCode(), report.toString());
        assertTrue(report.out().contains("report written to " + page), report.out());
        String html = Files.readString(page, StandardCharsets.UTF_8);
        // Nothing to fetch: no external scripts, styles, images or fonts.
        assertFalse(Pattern.compile("(src|href)\\s*=\\s*[\"']?\\s*(https?:)?//", Pattern.CASE_INSENSITIVE)
            .matcher(html).find(), "no external resources");
        assertFalse(html.contains("@import") || html.contains("url("), "no external CSS");
        assertFalse(html.contains("/*DATA*/") || html.contains("/*SCRIPT*/") || html.contains("{{"),
            "every placeholder is filled");
    }

    @Test
    void carriesTheFixturesFigures() throws Exception {
        assertEquals(List.of("2024-12-01,600,50.00,1", "2025-01-01,50,0.00,1", "2025-02-01,2080,4080.50,3",
            "2025-03-01,3510,6669.99,4"), rows("downloads_by_month", "month", "downloads", "revenue_usd",
            "apps_with_downloads"));
        assertEquals(List.of("2024-12-01,ZZ,50.00", "2025-01-01,CN,0.00", "2025-02-01,CN,4010.50",
            "2025-02-01,ZZ,70.00", "2025-03-01,CN,6559.99", "2025-03-01,HK,10.00", "2025-03-01,ZZ,100.00"),
            rows("iap_by_origin_month", "period_start", "origin_country", "revenue_usd"));
        assertEquals(List.of("year,2024-01-01,50.00,0.00", "year,2025-01-01,10750.49,10570.49",
            "quarter,2024-10-01,50.00,0.00", "quarter,2025-01-01,10750.49,10570.49"),
            rows("china_share", "period_type", "period_start", "revenue_usd", "china_backed_usd"));
        assertEquals(10570.49 / 10750.49, data().path("china_share").get(1).path("china_backed_share").asDouble(),
            1e-12);
        assertEquals(List.of(A1 + ",ReelShort,CN,8609.99", A2 + ",DramaBox,CN,1500.50", A3 + ",ShortMax,CN,460.00",
            F6 + ",FlexTV,ZZ,100.00", "ios:1700000007,GoodShort,ZZ,70.00", A4 + ",Melolo,ZZ,50.00",
            A5 + ",NewDrama,HK,10.00"), rows("top_apps", "app_key", "app_name", "origin_country", "revenue_usd"));
        // A decimal quotient: Spark keeps 8 places.
        assertEquals(8609.99 / 10800.49, data().path("top_apps").get(0).path("share").asDouble(), 1e-8);
        assertEquals(List.of("2024-12-01,other,1,1", "2025-01-01,meta,1,1", "2025-01-01,other,1,0",
            "2025-02-01,meta,1,0", "2025-02-01,snapchat,1,1", "2025-02-01,tiktok,1,1", "2025-03-01,google,1,1",
            "2025-03-01,tiktok,1,0"), rows("ad_materials_by_network", "month", "network", "active_creatives",
            "new_creatives"));
        assertEquals(List.of("6240,10800.49,7,5,2024-12-01,2025-03-01"), rows("totals", "downloads", "revenue_usd",
            "apps", "ad_materials", "first_month", "last_month"));
    }

    @Test
    void showsEachSourcesFreshness() throws Exception {
        List<String> fresh = rows("freshness", "source", "latest_landed", "latest_validated", "days_behind",
            "recorded_at");
        java.time.LocalDate recorded = java.time.LocalDate.parse(fresh.get(0).split(",")[4].substring(0, 10));
        long behind = java.time.temporal.ChronoUnit.DAYS.between(java.time.LocalDate.parse("2025-03-05"), recorded);
        assertEquals(List.of("ad_creatives,2025-03-05,2025-03-05," + behind, "app_intel,2025-03-05,2025-03-05," + behind,
            "apps,2025-03-05,2025-03-05," + behind), fresh.stream().map(f -> f.substring(0, f.lastIndexOf(','))).toList());
        assertTrue(Files.readString(page, StandardCharsets.UTF_8).contains("id=\"freshness-table\""));
    }

    @Test
    void carriesTheLatestQualitySummaryAndTheQuarantine() throws Exception {
        assertEquals(List.of("validate,silver.ad_creatives,0", "validate,silver.app_intel_daily,0",
            "validate,silver.apps,0", "curate,gold.ad_material_counts,0", "curate,gold.download_volume,0",
            "curate,gold.iap_share_by_origin,0"), rows("quality_latest", "stage", "table_name", "failed_errors"));
        long failed = 0;
        for (JsonNode r : data().path("quality_latest")) {
            assertTrue(r.path("passed").asLong() > 0, r.toString());
            failed += r.path("failed").asLong();
        }
        assertEquals(failed, data().path("quality_failures").size(), "every failed check is listed");
        assertEquals(List.of("app_intel,bad_date,3", "app_intel,bad_downloads,3",
            "ad_creatives,bad_creative_id,1", "ad_creatives,bad_date,1", "ad_creatives,bad_seen_range,1",
            "ad_creatives,future_date,1", "ad_creatives,malformed,1", "ad_creatives,missing_app,1",
            "app_intel,bad_country,1", "app_intel,bad_revenue,1", "app_intel,future_date,1", "app_intel,malformed,1",
            "app_intel,missing_app_id,1", "app_intel,unknown_store,1", "app_intel,worldwide_total,1",
            "apps,bad_app_id,1", "apps,malformed,1"), rows("quarantine_by_reason", "source", "reason", "records"));
    }

    @Test
    void chromiumDrawsEveryChartWithoutAScriptError() throws Exception {
        String dom = chromium.dumpDom(page);
        Map<String, String> root = attributes(dom, "<html");
        assertEquals("rendered", root.get("data-status"), "page status; errors: " + root.get("data-errors"));
        assertFalse(root.containsKey("data-errors"), root.get("data-errors"));
        assertEquals("5/5", root.get("data-charts"));
        // Marks per chart, counted by hand: bars (and the line with its points) for the fixture's data.
        Map<String, String> marks = new LinkedHashMap<>();
        Matcher m = Pattern.compile("<figure class=\"chart\"[^>]*>").matcher(dom);
        while (m.find()) {
            Map<String, String> a = attributes(m.group(), "<figure");
            assertEquals("true", a.get("data-rendered"), a.toString());
            marks.put(a.get("data-chart"), a.get("data-marks"));
        }
        assertEquals(Map.of("downloads", "9", "iap-share", "6", "top-apps", "7", "ad-materials", "8",
            "quarantine", "17"), marks);
        assertTrue(dom.contains(">6,240<"), "the downloads figure is on the page");
        assertTrue(dom.contains("ReelShort (CN)"), "the top app is labelled");
    }

    @Test
    void aScriptErrorOnThePageIsCaught() throws Exception {
        // The check above can fail: a page whose script throws is reported as such.
        Path broken = dir.resolve("out/broken.html");
        Files.writeString(broken, Files.readString(page).replace("</body>",
            "<script>thisFunctionDoesNotExist();</script></body>"));
        Map<String, String> root = attributes(chromium.dumpDom(broken), "<html");
        assertEquals("error", root.get("data-status"));
        assertTrue(root.getOrDefault("data-errors", "").contains("thisFunctionDoesNotExist"), root.toString());
    }

    @Test
    void screenshotIsNotBlank() throws Exception {
        Path png = dir.resolve("out/report.png");
        chromium.screenshot(page, png, 1280, 2400);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1280, img.getWidth());
        long painted = 0;
        long blue = 0;
        long red = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                if (!near(rgb, 0xFFFFFF, 6) && !near(rgb, 0xF7F8FA, 6)) {
                    painted++;
                }
                blue += near(rgb, 0x3867D6, 10) ? 1 : 0;
                red += near(rgb, 0xEB3B5A, 10) ? 1 : 0;
            }
        }
        long sampled = (long) (img.getWidth() / 2) * (img.getHeight() / 2);
        assertTrue(painted > sampled / 50, "more than 2 % of the page is painted: " + painted + " of " + sampled);
        assertTrue(blue > 500, "the blue bars are drawn: " + blue);
        assertTrue(red > 200, "the red bars and line are drawn: " + red);
    }

    private static boolean near(int rgb, int target, int tolerance) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((rgb >> shift) & 0xFF) - ((target >> shift) & 0xFF)) > tolerance) {
                return false;
            }
        }
        return true;
    }

    /** The attributes of the first tag starting with {@code open} in {@code html}. */
    private static Map<String, String> attributes(String html, String open) {
        int start = html.indexOf(open);
        assertTrue(start >= 0, open + " in the DOM");
        String tag = html.substring(start, html.indexOf('>', start));
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("([a-zA-Z-]+)=\"([^\"]*)\"").matcher(tag);
        while (m.find()) {
            out.put(m.group(1), m.group(2).replace("&quot;", "\"").replace("&amp;", "&"));
        }
        return out;
    }
}
