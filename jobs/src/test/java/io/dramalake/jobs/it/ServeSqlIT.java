package io.dramalake.jobs.it;

import static io.dramalake.jobs.Fixture.A1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.dramalake.common.lake.Lake;
import io.dramalake.jobs.CliRunner;
import io.dramalake.jobs.Fixture;
import io.dramalake.jobs.FixtureGold;
import io.dramalake.jobs.ReadOnlyCases;
import io.dramalake.jobs.serve.PasswordFile;
import io.dramalake.jobs.TestSpark;
import io.dramalake.common.lake.LakeTable;
import io.dramalake.jobs.cli.ExitCode;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve-sql} as a real server process (the launcher and the shaded jar) over a lake built
 * from {@link Fixture}, queried by Hive's standalone JDBC driver loaded in a class loader of its
 * own, so it shares nothing with Spark's classes in this JVM. Figures: {@link FixtureGold}, and sums of them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeSqlIT {

    Path dir;
    String lake;
    Path state;
    Path cwd;
    Path launchTmp;
    Process server;
    Path serverOut;
    Path serverErr;
    String url;
    URLClassLoader driverLoader;
    Driver driver;
    Connection connection;
    Path outside;
    Path passwords;
    static final String USER = "analyst";
    static final String PASSWORD = "s3cret: with spaces";

    @BeforeAll
    void buildLakeAndStartServer(@TempDir Path dir) throws Exception {
        this.dir = dir;
        Path landing = dir.resolve("landing");
        lake = dir.resolve("lake").toString();
        // One run of both dumps: ops.quality_results gets two versions from it (validate's results, then curate's).
        Fixture.landBothDumpsAndRun(landing, lake);

        outside = ReadOnlyCases.writeOutside(dir);
        passwords = dir.resolve("users");
        Files.writeString(passwords, "# serve-sql users\n" + PasswordFile.line(USER, PASSWORD) + "\n"
            + PasswordFile.line("other", "other-secret") + "\n");

        int port = ItProcesses.freePort();
        state = dir.resolve("sql-state");
        cwd = Files.createDirectories(dir.resolve("cwd"));
        launchTmp = Files.createDirectories(dir.resolve("launch-tmp"));
        serverOut = dir.resolve("server.out");
        serverErr = dir.resolve("server.err");
        ProcessBuilder pb = new ProcessBuilder(ItProcesses.home().resolve("scripts/dramalake").toString(), "serve-sql", "--lake", lake, "--port", String.valueOf(port), "--state-dir", state.toString(), "--password-file", passwords.toString())
            .directory(cwd.toFile())
            .redirectOutput(serverOut.toFile())
            .redirectError(serverErr.toFile());
        pb.environment().put("DRAMALAKE_DRIVER_MEMORY", "1500m");
        // The server must move its temporary files into its state directory, away from this one.
        pb.environment().put("DRAMALAKE_JAVA_OPTS", "-Djava.io.tmpdir=" + launchTmp);
        server = pb.start();
        url = "jdbc:hive2://127.0.0.1:" + port + "/default";
        awaitReady();

        driverLoader = new URLClassLoader(new URL[] {jdbcJar().toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        driver = (Driver) driverLoader.loadClass("org.apache.hive.jdbc.HiveDriver").getDeclaredConstructor()
            .newInstance();
        connection = connect(url, USER, PASSWORD);
    }

    @AfterAll
    void stopServer() throws Exception {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // The server may be gone already: the last test stops it.
            }
        }
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (driverLoader != null) {
            driverLoader.close();
        }
    }

    private static Path jdbcJar() {
        String jar = System.getProperty("dramalake.hiveJdbcJar");
        assertTrue(jar != null && Files.isRegularFile(Path.of(jar)),
            "the standalone Hive JDBC driver is copied by the build (pre-integration-test): " + jar);
        return Path.of(jar);
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (Files.exists(serverOut) && Files.readString(serverOut).contains(" at " + url)) {
                return;
            }
            if (!server.isAlive()) {
                fail("serve-sql exited with " + server.exitValue() + "\n" + logs());
            }
            Thread.sleep(250);
        }
        fail("serve-sql did not report ready within 90 s\n" + logs());
    }

    private String logs() throws IOException {
        return "--- stdout\n" + (Files.exists(serverOut) ? Files.readString(serverOut) : "")
            + "\n--- stderr\n" + (Files.exists(serverErr) ? Files.readString(serverErr) : "");
    }

    private Connection connect(String url, String user, String password) throws SQLException {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(driverLoader);
        try {
            Connection c = driver.connect(url, p);
            assertTrue(c != null, "the driver accepts " + url);
            return c;
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    /** Every row as one comma-joined line, as {@code LakeAssertions.rows} does. */
    private List<String> query(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    sb.append(i == 1 ? "" : ",").append(rs.getString(i));
                }
                rows.add(sb.toString());
            }
        }
        return rows;
    }

    @Test
    @Order(1)
    void metadataListsEveryTableOfTheLake() throws Exception {
        TreeSet<String> expected = new TreeSet<>();
        for (LakeTable t : LakeTable.all()) {
            assertTrue(new Lake(lake).exists(TestSpark.get(), t), "the fixture writes " + t.qualifiedName());
            expected.add(t.qualifiedName());
        }
        TreeSet<String> listed = new TreeSet<>();
        try (ResultSet rs = connection.getMetaData().getTables(null, null, "%", null)) {
            while (rs.next()) {
                listed.add(rs.getString("TABLE_SCHEM") + "." + rs.getString("TABLE_NAME"));
            }
        }
        assertEquals(expected, listed);
        TreeSet<String> schemas = new TreeSet<>();
        try (ResultSet rs = connection.getMetaData().getSchemas()) {
            while (rs.next()) {
                schemas.add(rs.getString("TABLE_SCHEM"));
            }
        }
        assertTrue(schemas.containsAll(LakeTable.databases()), schemas.toString());
    }

    @Test
    @Order(2)
    void metadataListsEveryColumnWithItsType() throws Exception {
        DatabaseMetaData md = connection.getMetaData();
        assertEquals(List.of("month DATE", "store STRING", "country STRING", "app_key STRING", "app_name STRING",
                "origin_country STRING", "downloads BIGINT", "revenue_usd DECIMAL(20,2)"),
            columns(md, "gold", "download_volume"));
        assertEquals(List.of("period_type STRING", "period_start DATE", "origin_country STRING",
                "revenue_usd DECIMAL(20,2)", "share DOUBLE", "paying_apps BIGINT"),
            columns(md, "gold", "iap_share_by_origin"));
        // Every table's columns, in order, as its Delta log has them.
        for (LakeTable t : LakeTable.all()) {
            List<String> names = columns(md, t.database(), t.table()).stream().map(s -> s.split(" ")[0]).toList();
            List<String> delta = Arrays.asList(TestSpark.get().read().format("delta")
                .load(new Lake(lake).path(t)).schema().fieldNames());
            assertEquals(delta, names, t.qualifiedName());
        }
    }

    private static List<String> columns(DatabaseMetaData md, String schema, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = md.getColumns(null, schema, table, "%")) {
            while (rs.next()) {
                out.add(rs.getString("COLUMN_NAME") + " " + rs.getString("TYPE_NAME"));
            }
        }
        return out;
    }

    @Test
    @Order(3)
    void goldReadsAsTheFixtureGivesIt() throws Exception {
        assertEquals(FixtureGold.DOWNLOAD_VOLUME, query(FixtureGold.DOWNLOAD_VOLUME_QUERY));
        assertEquals(FixtureGold.IAP_SHARE, query(FixtureGold.IAP_SHARE_QUERY));
        assertEquals(FixtureGold.AD_MATERIAL_COUNTS, query(FixtureGold.AD_MATERIAL_QUERY));
    }

    @Test
    @Order(4)
    void groupByQueriesOverGoldGiveTheFixturesFigures() throws Exception {
        assertEquals(List.of("CN,5070,10570.49", "HK,100,10.00", "ZZ,1070,220.00"), query(
            "SELECT origin_country, SUM(downloads), SUM(revenue_usd) FROM gold.download_volume "
                + "GROUP BY origin_country ORDER BY origin_country"));
        assertEquals(List.of("2024-12-01,600,50.00,1", "2025-01-01,50,0.00,1", "2025-02-01,2080,4080.50,3",
            "2025-03-01,3510,6669.99,4"), query(
            "SELECT month, SUM(downloads), SUM(revenue_usd), COUNT(DISTINCT app_key) FROM gold.download_volume "
                + "GROUP BY month ORDER BY month"));
        assertEquals(List.of("month,7,10800.49", "quarter,4,10800.49", "year,4,10800.49"), query(
            "SELECT period_type, COUNT(*), SUM(revenue_usd) FROM gold.iap_share_by_origin GROUP BY period_type "
                + "ORDER BY period_type"));
        assertEquals(List.of("google,1,1", "meta,1,2", "other,1,2", "snapchat,1,1", "tiktok,1,2"), query(
            "SELECT network, SUM(new_creatives), SUM(active_creatives) FROM gold.ad_material_counts "
                + "GROUP BY network ORDER BY network"));
        assertEquals(List.of("2200,5100.00"), query("SELECT downloads, revenue_usd FROM gold.download_volume "
            + "WHERE month = DATE'2025-03-01' AND store = 'ios' AND country = 'US' AND app_key = '" + A1 + "'"));
    }

    @Test
    @Order(5)
    void timeTravelReadsAnOlderVersion() throws Exception {
        // The run appended validate's results (version 0), then curate's (version 1).
        List<String> history = query("DESCRIBE HISTORY ops.quality_results");
        assertEquals(2, history.size(), history.toString());
        assertTrue(history.get(0).startsWith("1,") && history.get(1).startsWith("0,"), history.toString());
        String tables = "SELECT DISTINCT stage, table_name FROM ops.quality_results %s ORDER BY stage, table_name";
        List<String> validated = List.of("validate,silver.ad_creatives", "validate,silver.app_intel_daily",
            "validate,silver.apps");
        assertEquals(validated, query(String.format(tables, "VERSION AS OF 0")));
        String v0Timestamp = history.get(1).split(",")[1]; // version, timestamp, ...
        assertEquals(validated, query(String.format(tables, "TIMESTAMP AS OF '" + v0Timestamp + "'")));
        assertEquals(List.of("curate,gold.ad_material_counts", "curate,gold.download_volume",
            "curate,gold.iap_share_by_origin", "validate,silver.ad_creatives", "validate,silver.app_intel_daily",
            "validate,silver.apps"), query(String.format(tables, "")));
        assertEquals(List.of("6240"), query("SELECT SUM(downloads) FROM gold.download_volume VERSION AS OF 0"));
    }

    @Test
    @Order(6)
    void aWrongOrMissingPasswordOrUnknownUserIsRefused() throws Exception {
        for (String[] login : new String[][] {{USER, "wrong"}, {USER, ""}, {USER, null}, {"nobody", PASSWORD},
            {null, null}, {"other", PASSWORD}}) {
            SQLException e = assertThrows(SQLException.class, () -> connect(url, login[0], login[1]).close(),
                "login " + Arrays.toString(login) + " is refused");
            assertTrue(e.getMessage().contains("Could not open client transport"), e.getMessage());
        }
        try (Connection other = connect(url, "other", "other-secret"); Statement st = other.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM gold.iap_share_by_origin")) {
            assertTrue(rs.next());
            assertEquals(FixtureGold.IAP_SHARE.size(), rs.getInt(1));
        }
    }

    @Test
    @Order(7)
    void everyChangeAndEveryReadOutsideTheLakeIsRefusedAndTheLakeIsUnchanged() throws Exception {
        Map<String, String> before = ReadOnlyCases.snapshot(lake);
        List<String> tablesBefore = query("SHOW TABLES IN gold");
        for (ReadOnlyCases.Case c : ReadOnlyCases.refused(lake, outside)) {
            SQLException e = assertThrows(SQLException.class, () -> query(c.statement()), c.statement());
            assertTrue(e.getMessage().contains("refused: " + c.refusal()), c.statement() + "\n" + e.getMessage());
        }
        for (String allowed : ReadOnlyCases.ALLOWED) {
            query(allowed);
        }
        assertEquals(tablesBefore, query("SHOW TABLES IN gold"));
        assertEquals(List.of("bronze", "default", "gold", "ops", "silver"), query("SHOW DATABASES"));
        assertEquals(FixtureGold.DOWNLOAD_VOLUME, query(FixtureGold.DOWNLOAD_VOLUME_QUERY));
        assertEquals(before, ReadOnlyCases.snapshot(lake));
        try (var left = Files.list(outside)) {
            assertEquals(List.of("d", "p", "t.csv"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                "nothing was written outside the lake");
        }
    }

    @Test
    @Order(8)
    void settingsInTheJdbcUrlCannotLoosenTheSession() throws Exception {
        // Hive's URL syntax: ?name=value settings are applied to the session without any SQL.
        SQLException e = assertThrows(SQLException.class, () -> {
            try (Connection c = connect(url + "?spark.sql.files.ignoreCorruptFiles=true", USER, PASSWORD);
                 Statement st = c.createStatement()) {
                st.executeQuery("SELECT 1").close();
            }
        });
        assertTrue(e.getMessage().contains("refused: the session setting spark.sql.files.ignoreCorruptFiles is not "
            + "allowed here"), e.getMessage());
        try (Connection c = connect(url + "?spark.sql.session.timeZone=Asia/Shanghai", USER, PASSWORD);
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_timezone()")) {
            assertTrue(rs.next());
            assertEquals("Asia/Shanghai", rs.getString(1));
        }
    }

    @Test
    @Order(9)
    void whileServingItsTemporaryFilesAreInItsStateDirectory() throws Exception {
        try (var files = Files.list(state.resolve("tmp"))) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("spark-")),
                "Spark's and Hive's temporary directories are under " + state.resolve("tmp"));
        }
        try (var files = Files.list(state.resolve("spark-local"))) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("blockmgr-")), "block manager files");
        }
    }

    @Test
    @Order(10)
    void sigtermStopsTheServerCleanlyAndItsFilesStayInItsStateDirectory() throws Exception {
        server.destroy(); // SIGTERM
        assertTrue(server.waitFor(60, TimeUnit.SECONDS), "serve-sql stops within 60 s of SIGTERM\n" + logs());
        assertEquals(ExitCode.OK, server.exitValue(), logs());
        String out = Files.readString(serverOut, StandardCharsets.UTF_8);
        assertTrue(out.strip().endsWith("stopped"), out);
        assertTrue(Files.isRegularFile(state.resolve("derby.log")), "the metastore's derby.log is in the state dir");
        try (var left = Files.list(cwd)) {
            assertEquals(List.of(), left.toList(), "nothing written to the working directory");
        }
        try (var left = Files.list(launchTmp)) {
            assertEquals(List.of(), left.toList(), "nothing written to the JVM's original temporary directory");
        }
    }
}
