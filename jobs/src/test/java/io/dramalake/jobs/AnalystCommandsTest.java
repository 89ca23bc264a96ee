package io.dramalake.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dramalake.common.spark.ReadOnlySql;
import io.dramalake.jobs.cli.ExitCode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve-sql} and {@code report} on the command line: plans, defaults and bad input, without a server. */
class AnalystCommandsTest {

    @TempDir
    Path dir;

    @Test
    void serveSqlDryRunShowsEndpointAndDefaultStateDirectory() {
        Path lake = dir.resolve("lake");
        CliRunner r = CliRunner.run("serve-sql", "--lake", lake.toString(), "--dry-run");
        assertEquals(ExitCode.OK, r.exitCode(), r.toString());
        assertTrue(r.out().contains("  endpoint: jdbc:hive2://127.0.0.1:10000/default\n"), r.out());
        assertTrue(r.out().contains("  state directory: " + dir.resolve(".dramalake-sql") + "\n"), r.out());
        assertTrue(r.out().contains("  authentication: none: any user name, no password (loopback only)\n"), r.out());
        assertFalse(Files.exists(dir.resolve(".dramalake-sql")), "a dry run writes nothing");
    }

    @Test
    void serveSqlTakesPortHostAndStateDir() {
        CliRunner r = CliRunner.run("serve-sql", "--lake", "/data/lake", "--port", "10555", "--host", "0.0.0.0",
            "--state-dir", dir.resolve("state").toString(), "--password-file", dir.resolve("users").toString(),
            "--dry-run");
        assertEquals(ExitCode.OK, r.exitCode(), r.toString());
        assertTrue(r.out().contains("  endpoint: jdbc:hive2://0.0.0.0:10555/default\n"), r.out());
        assertTrue(r.out().contains("  state directory: " + dir.resolve("state") + "\n"), r.out());
        assertTrue(r.out().contains("  authentication: user name and password from " + dir.resolve("users") + "\n"),
            r.out());
    }

    @Test
    void serveSqlRefusesAnAddressOtherMachinesReachWithoutAuthentication() throws Exception {
        for (String host : new String[] {"0.0.0.0", "::"}) {
            CliRunner r = CliRunner.run("serve-sql", "--lake", dir.toString(), "--host", host, "--dry-run");
            assertEquals(ExitCode.USAGE, r.exitCode(), r.toString());
            assertEquals("dramalake serve-sql: --host " + host + " is reachable from other machines: give "
                + "--password-file FILE (or set LDAP in the profile) so clients must log in "
                + "(see dramalake serve-sql --help)\n", r.err());
        }
        Path profile = dir.resolve("ldap.properties");
        Files.writeString(profile, "spark.hadoop.hive.server2.authentication=LDAP\n");
        CliRunner ldap = CliRunner.run("serve-sql", "--lake", dir.toString(), "--host", "0.0.0.0", "--conf",
            profile.toString(), "--dry-run");
        assertEquals(ExitCode.OK, ldap.exitCode(), ldap.toString());
        assertTrue(ldap.out().contains("  authentication: LDAP (hive.server2.authentication in the profile)\n"),
            ldap.out());
        CliRunner loopback = CliRunner.run("serve-sql", "--lake", dir.toString(), "--host", "localhost", "--dry-run");
        assertEquals(ExitCode.OK, loopback.exitCode(), loopback.toString());
        // A password file that does not exist stops the start, before anything is written.
        Files.createDirectories(dir.resolve("lake"));
        CliRunner missing = CliRunner.run("serve-sql", "--lake", dir.resolve("lake").toString(), "--password-file",
            dir.resolve("nope").toString(), "--state-dir", dir.resolve("state").toString());
        assertEquals(ExitCode.USAGE, missing.exitCode(), missing.toString());
        assertEquals("dramalake serve-sql: --password-file: cannot read " + dir.resolve("nope")
            + " (see dramalake serve-sql --help)\n", missing.err());
        assertFalse(Files.exists(dir.resolve("state")));
    }

    @Test
    void hashPasswordPrintsALineThePasswordFileAccepts() throws Exception {
        java.io.InputStream stdin = System.in;
        CliRunner r;
        try {
            System.setIn(new java.io.ByteArrayInputStream("s3cret: with spaces\n".getBytes(StandardCharsets.UTF_8)));
            r = CliRunner.run("hash-password", "--user", "analyst");
        } finally {
            System.setIn(stdin);
        }
        assertEquals(ExitCode.OK, r.exitCode(), r.toString());
        String line = r.out().strip();
        assertTrue(line.startsWith("analyst:pbkdf2-sha256:600000:"), line);
        assertFalse(line.contains("s3cret"), "no plain password");
        Files.writeString(dir.resolve("users"), line + "\n");
        io.dramalake.jobs.serve.PasswordFile users = io.dramalake.jobs.serve.PasswordFile.read(dir.resolve("users"));
        assertTrue(users.accepts("analyst", "s3cret: with spaces"));
        assertFalse(users.accepts("analyst", "s3cret"));
        assertFalse(users.accepts("someone", "s3cret: with spaces"));
        Files.writeString(dir.resolve("bad"), "analyst:plain\n");
        IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> io.dramalake.jobs.serve.PasswordFile.read(dir.resolve("bad")));
        assertEquals(dir.resolve("bad") + " line 1 is not NAME:pbkdf2-sha256:ITERATIONS:SALT:HASH (make one with "
            + "`dramalake hash-password --user NAME`)", bad.getMessage());
    }

    @Test
    void aRemoteLakesStateDirectoryIsLocalAndItsOwn() {
        CliRunner r = CliRunner.run("serve-sql", "--lake", "s3a://bucket/lake", "--dry-run");
        assertEquals(ExitCode.OK, r.exitCode(), r.toString());
        assertTrue(r.out().contains("  state directory: " + Path.of(System.getProperty("user.home"), ".dramalake-sql",
            "s3a-bucket_lake") + "\n"), r.out());
    }

    @Test
    void serveSqlBadInputIsUsageError() {
        CliRunner port = CliRunner.run("serve-sql", "--lake", "x", "--port", "0");
        assertEquals(ExitCode.USAGE, port.exitCode(), port.toString());
        assertTrue(port.err().contains("--port must be between 1 and 65535"), port.err());
        CliRunner help = CliRunner.run("serve-sql", "--help");
        assertEquals(ExitCode.OK, help.exitCode(), help.toString());
        assertTrue(help.out().contains("--state-dir") && help.out().contains("--port"), help.out());
    }

    @Test
    void serveSqlOnAMissingLakeOrABusyPortFailsBeforeStarting() throws Exception {
        CliRunner missing = CliRunner.run("serve-sql", "--lake", dir.resolve("nowhere").toString());
        assertEquals(ExitCode.PATH_UNAVAILABLE, missing.exitCode(), missing.toString());
        assertTrue(missing.err().contains("no lake at"), missing.err());
        Files.createDirectories(dir.resolve("lake"));
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CliRunner busy = CliRunner.run("serve-sql", "--lake", dir.resolve("lake").toString(), "--port",
                String.valueOf(taken.getLocalPort()), "--state-dir", dir.resolve("state").toString());
            assertEquals(ExitCode.INTERNAL_ERROR, busy.exitCode(), busy.toString());
            assertTrue(busy.err().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), busy.err());
        }
        assertFalse(Files.exists(dir.resolve("state")), "nothing written when the port is taken");
    }

    @Test
    void sqlRefusesEveryChangeAndEveryReadOutsideTheLakeAndLeavesItUnchanged() throws Exception {
        Path landing = dir.resolve("landing");
        String lake = dir.resolve("lake").toString();
        Fixture.writeDump1(landing);
        CliRunner run = CliRunner.run("run", "--landing", landing.toString(), "--lake", lake);
        assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        Path outside = ReadOnlyCases.writeOutside(dir);
        var before = ReadOnlyCases.snapshot(lake);
        // The command line, for a few cases (each sql command registers the lake's tables anew)...
        List<ReadOnlyCases.Case> cases = ReadOnlyCases.refused(lake, outside);
        for (ReadOnlyCases.Case c : List.of(cases.get(0), cases.get(3), cases.get(21), cases.get(31), cases.get(33),
            cases.get(35), cases.get(40))) {
            CliRunner r = CliRunner.run("sql", "--lake", lake, c.statement());
            assertEquals(ExitCode.REFUSED, r.exitCode(), c.statement() + "\n" + r);
            assertEquals("dramalake sql: refused: " + c.refusal() + "\n", r.err(), c.statement());
            assertEquals("", r.out(), c.statement());
        }
        // ...and every case in the session the sql command runs statements in, over the tables it registered.
        for (ReadOnlyCases.Case c : cases) {
            ReadOnlySql.RefusedException e = org.junit.jupiter.api.Assertions.assertThrows(
                ReadOnlySql.RefusedException.class, () -> ReadOnlySql.session(TestSpark.get()).sql(c.statement())
                    .collectAsList(), c.statement());
            assertEquals("refused: " + c.refusal(), e.getMessage(), c.statement());
        }
        for (String allowed : ReadOnlyCases.ALLOWED) {
            ReadOnlySql.session(TestSpark.get()).sql(allowed).collectAsList();
        }
        CliRunner query = CliRunner.run("sql", "--lake", lake, "--format", "csv", ReadOnlyCases.ALLOWED.get(2));
        assertEquals(ExitCode.OK, query.exitCode(), query.toString());
        assertEquals(before, ReadOnlyCases.snapshot(lake));
        try (var left = Files.list(outside)) {
            assertEquals(List.of("d", "p", "t.csv"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                "nothing was written outside the lake");
        }
        try (var parquet = Files.list(outside.resolve("p"))) {
            assertFalse(parquet.anyMatch(p -> p.getFileName().toString().equals("_delta_log")), "not converted");
        }
    }

    @Test
    void reportNeedsOutAndALakeWithGold() throws Exception {
        CliRunner noOut = CliRunner.run("report", "--lake", "x");
        assertEquals(ExitCode.USAGE, noOut.exitCode(), noOut.toString());
        assertTrue(noOut.err().contains("--out FILE.html is required"), noOut.err());
        CliRunner plan = CliRunner.run("report", "--lake", "x", "--out", "r.html", "--dry-run");
        assertEquals(ExitCode.OK, plan.exitCode(), plan.toString());
        assertTrue(plan.out().contains("  out: r.html\n"), plan.out());
        Files.createDirectories(dir.resolve("empty-lake"));
        CliRunner empty = CliRunner.run("report", "--lake", dir.resolve("empty-lake").toString(), "--out",
            dir.resolve("r.html").toString());
        assertEquals(ExitCode.PATH_UNAVAILABLE, empty.exitCode(), empty.toString());
        assertTrue(empty.err().contains("has no gold.download_volume"), empty.err());
        assertFalse(Files.exists(dir.resolve("r.html")));
    }
}
