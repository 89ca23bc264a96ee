package io.dramalake.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dramalake.jobs.cli.ExitCode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertTrue(r.out().contains("endpoint=jdbc:hive2://127.0.0.1:10000/default"), r.out());
        assertTrue(r.out().contains("state-dir=" + dir.resolve(".dramalake-sql")), r.out());
        assertFalse(Files.exists(dir.resolve(".dramalake-sql")), "a dry run writes nothing");
    }

    @Test
    void serveSqlTakesPortHostAndStateDir() {
        CliRunner r = CliRunner.run("serve-sql", "--lake", "/data/lake", "--port", "10555", "--host", "0.0.0.0",
            "--state-dir", dir.resolve("state").toString(), "--dry-run");
        assertEquals(ExitCode.OK, r.exitCode(), r.toString());
        assertTrue(r.out().contains("endpoint=jdbc:hive2://0.0.0.0:10555/default"), r.out());
        assertTrue(r.out().contains("state-dir=" + dir.resolve("state")), r.out());
    }

    @Test
    void aRemoteLakesStateDirectoryIsLocalAndItsOwn() {
        CliRunner r = CliRunner.run("serve-sql", "--lake", "s3a://bucket/lake", "--dry-run");
        assertEquals(ExitCode.OK, r.exitCode(), r.toString());
        assertTrue(r.out().contains("state-dir=" + Path.of(System.getProperty("user.home"), ".dramalake-sql",
            "s3a-bucket_lake")), r.out());
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
    void reportNeedsOutAndALakeWithGold() throws Exception {
        CliRunner noOut = CliRunner.run("report", "--lake", "x");
        assertEquals(ExitCode.USAGE, noOut.exitCode(), noOut.toString());
        assertTrue(noOut.err().contains("--out FILE.html is required"), noOut.err());
        CliRunner plan = CliRunner.run("report", "--lake", "x", "--out", "r.html", "--dry-run");
        assertEquals(ExitCode.OK, plan.exitCode(), plan.toString());
        assertTrue(plan.out().contains("out=r.html"), plan.out());
        Files.createDirectories(dir.resolve("empty-lake"));
        CliRunner empty = CliRunner.run("report", "--lake", dir.resolve("empty-lake").toString(), "--out",
            dir.resolve("r.html").toString());
        assertEquals(ExitCode.PATH_UNAVAILABLE, empty.exitCode(), empty.toString());
        assertTrue(empty.err().contains("has no gold.download_volume"), empty.err());
        assertFalse(Files.exists(dir.resolve("r.html")));
    }
}
