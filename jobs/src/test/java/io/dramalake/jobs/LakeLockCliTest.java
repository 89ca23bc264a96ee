package io.dramalake.jobs;

import static io.dramalake.jobs.LakeAssertions.count;
import static io.dramalake.jobs.LakeAssertions.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dramalake.common.lake.Lake;
import io.dramalake.common.lake.LakeTable;
import io.dramalake.common.lake.Tables;
import io.dramalake.jobs.cli.ExitCode;
import io.dramalake.jobs.sql.LakeCatalog;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer per lake, through the CLI: a held lock turns a second writer away before it writes
 * anything, readers ignore it, a dead holder's lock is taken over, and an operator can remove it.
 * The other holder is a lock file naming a live process (this JVM) under another run's ID.
 */
class LakeLockCliTest {

    private static final String LOCK = "_lock.json";

    @Test
    void aSecondWriterExits75NamingTheHolderAndLeavesTheLakeUnchangedWhileReadersWork(@TempDir Path dir)
        throws Exception {
        Path landing = dir.resolve("landing");
        String lake = dir.resolve("lake").toString();
        Fixture.landBothDumpsAndRunTheFirst(landing, lake);
        Map<LakeTable, Long> versions = versions(lake);
        List<String> runs = runs(lake);
        Instant since = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String held = lockJson("20261201T080000Z-abc123", host(), ProcessHandle.current().pid(), since);
        Files.writeString(Path.of(lake, LOCK), held);

        for (String command : List.of("run", "ingest", "validate", "curate", "maintain")) {
            CliRunner second = command.equals("run") || command.equals("ingest")
                ? CliRunner.run(command, "--landing", landing.toString(), "--lake", lake)
                : CliRunner.run(command, "--lake", lake);
            assertEquals(ExitCode.LAKE_BUSY, second.exitCode(), second.toString());
            assertEquals("dramalake " + command + ": the lake at " + lake + " is busy: run 20261201T080000Z-abc123 "
                + "(run, host " + host() + ", pid " + ProcessHandle.current().pid() + ", since " + since + ") "
                + "holds its lock; retry later (if that run is dead: dramalake unlock --lake " + lake + ")\n",
                second.err(), "one line naming the holder");
        }
        assertEquals(versions, versions(lake), "no table got a commit");
        assertEquals(runs, runs(lake), "no run recorded");
        assertEquals(held, Files.readString(Path.of(lake, LOCK)), "the holder's lock is untouched");

        // Readers never take the lock.
        CliRunner sql = CliRunner.run("sql", "--lake", lake, "--format", "csv",
            "SELECT count(*) FROM bronze.app_intel");
        assertEquals(ExitCode.OK, sql.exitCode(), sql.toString());
        assertEquals("count(1)\n28\n", sql.out());
        assertEquals(held, Files.readString(Path.of(lake, LOCK)));

    }

    @Test
    void aLockLeftByADeadProcessOnThisHostIsTakenOverAndTheRunSucceeds(@TempDir Path dir) throws Exception {
        Path landing = dir.resolve("landing");
        String lake = dir.resolve("lake").toString();
        Fixture.writeDump1(landing);
        Files.createDirectories(Path.of(lake));
        // As a `kill -9` of a run leaves it.
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(Path.of(lake, LOCK), lockJson("20261201T070000Z-dead01", host(), gone.pid(),
            Instant.parse("2026-12-01T07:00:00Z")));

        CliRunner run = CliRunner.run("run", "--landing", landing.toString(), "--lake", lake);
        assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith("dramalake run: warning: taking over a stale lake lock: run 20261201T070000Z-dead01 "
            + "(run, host " + host() + ", pid " + gone.pid() + ", since 2026-12-01T07:00:00Z) — its process "
            + gone.pid() + " on this host is gone\n"), run.err());
        assertFalse(Files.exists(Path.of(lake, LOCK)), "released at the end");
        LakeCatalog.register(TestSpark.get(), new Lake(lake));
        assertEquals(28, count("SELECT count(*) FROM bronze.app_intel"));
        assertEquals(List.of("5140,8690.49"), rows("SELECT sum(downloads), sum(revenue_usd) FROM gold.download_volume"));
    }

    @Test
    void unlockNamesTheHolderAndRemovesALiveLockOnlyWithForce(@TempDir Path dir) throws Exception {
        Path lake = dir.resolve("lake");
        Files.createDirectories(lake);
        long pid = ProcessHandle.current().pid();
        Files.writeString(lake.resolve(LOCK), lockJson("20261201T080000Z-abc123", host(), pid,
            Instant.now()));
        String holder = "run 20261201T080000Z-abc123 (run, host " + host() + ", pid " + pid + ", since ";

        CliRunner refused = CliRunner.run("unlock", "--lake", lake.toString());
        assertEquals(ExitCode.LAKE_BUSY, refused.exitCode(), refused.toString());
        assertTrue(refused.err().startsWith("dramalake unlock: " + holder), refused.err());
        assertTrue(refused.err().endsWith("holds the lake's lock and may still be running; not removed "
            + "(add --force if you know it is dead)\n"), refused.err());
        assertTrue(Files.exists(lake.resolve(LOCK)));

        CliRunner forced = CliRunner.run("unlock", "--lake", lake.toString(), "--force");
        assertEquals(ExitCode.OK, forced.exitCode(), forced.toString());
        assertTrue(forced.out().startsWith("removed the lake's lock held by " + holder), forced.out());
        assertTrue(forced.out().endsWith(" (forced)\n"), forced.out());
        assertFalse(Files.exists(lake.resolve(LOCK)));

        CliRunner none = CliRunner.run("unlock", "--lake", lake.toString());
        assertEquals(ExitCode.OK, none.exitCode(), none.toString());
        assertEquals("the lake at " + lake + " is not locked\n", none.out());

        // A dead holder's lock goes without --force.
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(lake.resolve(LOCK), lockJson("20261201T070000Z-dead01", host(), gone.pid(), Instant.now()));
        CliRunner stale = CliRunner.run("unlock", "--lake", lake.toString());
        assertEquals(ExitCode.OK, stale.exitCode(), stale.toString());
        assertTrue(stale.out().endsWith("its process " + gone.pid() + " on this host is gone\n"), stale.out());
        assertFalse(Files.exists(lake.resolve(LOCK)));
    }

    /** The latest Delta version of every table (-1: not there). */
    static Map<LakeTable, Long> versions(String lake) {
        Tables tables = new Tables(TestSpark.get(), new Lake(lake), "test");
        Map<LakeTable, Long> v = new LinkedHashMap<>();
        for (LakeTable t : LakeTable.all()) {
            v.put(t, tables.version(t));
        }
        return v;
    }

    private static List<String> runs(String lake) {
        return TestSpark.get().read().format("delta").load(new Lake(lake).path(LakeTable.OPS_RUNS))
            .orderBy("started_at").collectAsList().stream().map(Object::toString).toList();
    }

    private static String host() throws Exception {
        return InetAddress.getLocalHost().getHostName();
    }

    static String lockJson(String runId, String host, long pid, Instant since) {
        return "{\"run_id\":\"" + runId + "\",\"command\":\"run\",\"host\":\"" + host + "\",\"pid\":" + pid
            + ",\"started_at\":\"" + since + "\",\"heartbeat_at\":\"" + since + "\",\"token\":\"t-" + runId + "\"}";
    }
}
