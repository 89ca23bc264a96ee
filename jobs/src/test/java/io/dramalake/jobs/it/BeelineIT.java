package io.dramalake.jobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dramalake.common.lake.LakeTable;
import io.dramalake.jobs.CliRunner;
import io.dramalake.jobs.Fixture;
import io.dramalake.jobs.FixtureGold;
import io.dramalake.jobs.cli.ExitCode;
import io.dramalake.jobs.it.ItProcesses.Finished;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * beeline, the client the analysts' guide names first, run as they run it ({@code scripts/beeline},
 * Hive's beeline from Maven's jars) against {@code serve-sql} over the {@link Fixture} lake; the
 * figures are {@link FixtureGold}'s and sums of them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BeelineIT {

    Path dir;
    ServeSqlServer server;

    @BeforeAll
    void buildLakeAndStartServer(@TempDir Path dir) throws Exception {
        this.dir = dir;
        Path landing = dir.resolve("landing");
        String lake = dir.resolve("lake").toString();
        Fixture.landBothDumpsAndRun(landing, lake);
        server = ServeSqlServer.start(lake, dir);
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** {@code scripts/beeline -u URL -n analyst --silent=true --outputformat=csv2 ARGS}, as docs/analysts.md shows it. */
    private Finished beeline(String label, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ItProcesses.home().resolve("scripts/beeline").toString(),
            "-u", server.url, "-n", "analyst", "--silent=true", "--outputformat=csv2"));
        cmd.addAll(Arrays.asList(args));
        // beeline keeps its history under the user's home: the test's folder instead.
        Path home = Files.createDirectories(dir.resolve("home"));
        return ItProcesses.run(cmd, Map.of("JAVA_HOME", System.getProperty("java.home"),
            "BEELINE_JAVA_OPTS", "-Duser.home=" + home), dir, "beeline-" + label, Duration.ofMinutes(2));
    }

    /** The rows a query printed, header left out. */
    private List<String> rows(String label, String sql) throws Exception {
        Finished r = beeline(label, "--showHeader=false", "-e", sql);
        assertEquals(0, r.exitCode(), r + "\n--- server\n" + server.log());
        return printed(r);
    }

    /** stdout's lines without beeline's prompt, which it prints without a line end (seen before the first row). */
    private List<String> printed(Finished r) {
        String prompt = "^(0: " + java.util.regex.Pattern.quote(server.url) + "> ?)+";
        return r.out().lines().map(l -> l.replaceFirst(prompt, "")).filter(l -> !l.isBlank()).toList();
    }

    @Test
    void tablesListsEveryTableOfTheLake() throws Exception {
        Finished r = beeline("tables", "-e", "!tables");
        assertEquals(0, r.exitCode(), r.toString());
        List<String> lines = printed(r);
        List<String> header = Arrays.asList(lines.get(0).split(","));
        int schema = header.indexOf("TABLE_SCHEM");
        int table = header.indexOf("TABLE_NAME");
        assertTrue(schema >= 0 && table >= 0, r.out());
        TreeSet<String> listed = new TreeSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            listed.add(f[schema] + "." + f[table]);
        }
        TreeSet<String> expected = new TreeSet<>();
        LakeTable.all().forEach(t -> expected.add(t.qualifiedName()));
        assertEquals(expected, listed);
    }

    @Test
    void aGroupByOverGoldGivesTheFixturesFigures() throws Exception {
        assertEquals(List.of("CN,5070,10570.49", "HK,100,10.00", "ZZ,1070,220.00"), rows("group-by",
            "SELECT origin_country, SUM(downloads), SUM(revenue_usd) FROM gold.download_volume "
                + "GROUP BY origin_country ORDER BY origin_country"));
    }

    @Test
    void timeTravelAndHistory() throws Exception {
        // One run: validate's results are version 0 of ops.quality_results, curate's version 1;
        // gold.download_volume's version 0 is the first build, from dump 1 only.
        assertEquals(List.of("6240"), rows("version-as-of",
            "SELECT SUM(downloads) FROM gold.download_volume VERSION AS OF 0"));
        assertEquals(List.of("10800.49"), rows("latest", "SELECT SUM(revenue_usd) FROM gold.download_volume"));
        // version, timestamp, userId, userName, operation, ...: newest first.
        List<String> history = rows("describe-history", "DESCRIBE HISTORY ops.quality_results");
        assertEquals(2, history.size(), history.toString());
        assertTrue(history.get(0).matches("1,[^,]+,[^,]*,[^,]*,WRITE,.*") && history.get(1).matches("0,[^,]+,[^,]*,[^,]*,WRITE,.*"),
            history.toString());
    }

    @Test
    void badSqlExitsNonZeroAndSaysWhy() throws Exception {
        Finished r = beeline("bad-sql", "-e", "SELECT no_such_column FROM gold.download_volume");
        assertNotEquals(0, r.exitCode(), r.toString());
        assertTrue(r.err().contains("no_such_column"), r.toString());
    }
}
