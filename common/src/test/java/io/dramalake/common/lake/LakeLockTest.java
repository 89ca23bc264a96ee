package io.dramalake.common.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lake lock on local disk: exclusive, released, refreshed, and taken over only when stale. */
class LakeLockTest {

    private static final Configuration HADOOP = new Configuration();
    private static final LakeLock.Settings SETTINGS = LakeLock.Settings.defaults();

    @Test
    void aSecondHolderIsRefusedWithTheFirstNamedUntilItReleases(@TempDir Path lake) throws Exception {
        LakeLock first = LakeLock.acquire(lake.toString(), HADOOP, "run-1", "run", SETTINGS, w -> { });
        Path file = lake.resolve(LakeLock.FILE_NAME);
        assertTrue(Files.exists(file));
        LakeLock.BusyException busy = assertThrows(LakeLock.BusyException.class,
            () -> LakeLock.acquire(lake.toString(), HADOOP, "run-2", "ingest", SETTINGS, w -> { }));
        LakeLock.Holder h = first.holder();
        assertEquals("the lake at " + lake + " is busy: run run-1 (run, host " + LakeLock.thisHost() + ", pid "
            + ProcessHandle.current().pid() + ", since " + h.startedAt() + ") holds its lock; retry later "
            + "(if that run is dead: dramalake unlock --lake " + lake + ")", busy.getMessage());
        assertEquals("run-1", busy.holder().runId());
        String json = Files.readString(file);
        for (String field : List.of("\"run_id\" : \"run-1\"", "\"command\" : \"run\"", "\"host\" : ",
            "\"pid\" : " + ProcessHandle.current().pid(), "\"started_at\" : \"" + h.startedAt() + "\"")) {
            assertTrue(json.contains(field), field + " in " + json);
        }

        first.close();
        assertFalse(Files.exists(file), "released");
        try (var files = Files.list(lake)) {
            assertEquals(0, files.count(), "no temporary file left beside it");
        }
        try (LakeLock second = LakeLock.acquire(lake.toString(), HADOOP, "run-2", "ingest", SETTINGS, w -> { })) {
            assertEquals("run-2", LakeLock.holder(lake.toString(), HADOOP).orElseThrow().runId());
        }
    }

    @Test
    void theHolderRefreshesItsHeartbeat(@TempDir Path lake) throws Exception {
        LakeLock.Settings fast = new LakeLock.Settings(Duration.ofMinutes(1), Duration.ofMillis(100), Duration.ZERO);
        try (LakeLock lock = LakeLock.acquire(lake.toString(), HADOOP, "run-1", "run", fast, w -> { })) {
            Instant started = lock.holder().startedAt();
            Instant deadline = Instant.now().plusSeconds(20);
            LakeLock.Holder seen = LakeLock.holder(lake.toString(), HADOOP).orElseThrow();
            while (seen.heartbeatAt().equals(started) && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
                seen = LakeLock.holder(lake.toString(), HADOOP).orElseThrow();
            }
            assertTrue(seen.heartbeatAt().isAfter(started), "heartbeat rewritten: " + seen);
            assertEquals(started, seen.startedAt(), "the start time stays");
            assertEquals(lock.holder().token(), seen.token());
        }
    }

    @Test
    void aLockOfADeadProcessOnThisHostIsTakenOverWithAWarning(@TempDir Path lake) throws Exception {
        long dead = deadPid();
        Files.writeString(lake.resolve(LakeLock.FILE_NAME), lockJson("run-dead", LakeLock.thisHost(), dead,
            Instant.now()));
        List<String> warnings = new ArrayList<>();
        try (LakeLock lock = LakeLock.acquire(lake.toString(), HADOOP, "run-2", "run", SETTINGS, warnings::add)) {
            assertEquals(lock.holder().token(), LakeLock.holder(lake.toString(), HADOOP).orElseThrow().token());
        }
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("taking over a stale lake lock: run run-dead (run, host "
            + LakeLock.thisHost() + ", pid " + dead + ", since "), warnings.get(0));
        assertTrue(warnings.get(0).endsWith("its process " + dead + " on this host is gone"), warnings.get(0));
    }

    @Test
    void aLockOnAnotherHostIsStaleOnlyWhenItsHeartbeatIsOlderThanTheMaximumAge(@TempDir Path lake) throws Exception {
        Path file = lake.resolve(LakeLock.FILE_NAME);
        // On another host its pid says nothing; a heartbeat 59 minutes old is still alive.
        Files.writeString(file, lockJson("run-far", "elsewhere.example", 1, Instant.now().minus(Duration.ofMinutes(59))));
        assertThrows(LakeLock.BusyException.class,
            () -> LakeLock.acquire(lake.toString(), HADOOP, "run-2", "run", SETTINGS, w -> { }));

        Files.writeString(file, lockJson("run-far", "elsewhere.example", 1, Instant.now().minus(Duration.ofMinutes(61))));
        List<String> warnings = new ArrayList<>();
        try (LakeLock lock = LakeLock.acquire(lake.toString(), HADOOP, "run-2", "run", SETTINGS, warnings::add)) {
            assertEquals("run-2", LakeLock.holder(lake.toString(), HADOOP).orElseThrow().runId());
        }
        assertTrue(warnings.get(0).contains("run run-far") && warnings.get(0).contains("more than 60 min"),
            warnings.toString());
    }

    @Test
    void aReleaseLeavesALockThatIsNoLongerItsOwn(@TempDir Path lake) throws Exception {
        LakeLock lock = LakeLock.acquire(lake.toString(), HADOOP, "run-1", "run", SETTINGS, w -> { });
        // An operator removed it and another run took the lake meanwhile.
        String other = lockJson("run-3", LakeLock.thisHost(), ProcessHandle.current().pid(), Instant.now());
        Files.writeString(lake.resolve(LakeLock.FILE_NAME), other);
        lock.close();
        assertEquals(other, Files.readString(lake.resolve(LakeLock.FILE_NAME)));
    }

    @Test
    void anUnreadableLockIsReportedNotTakenOver(@TempDir Path lake) throws Exception {
        Files.writeString(lake.resolve(LakeLock.FILE_NAME), "{ half");
        LakeLock.BusyException busy = assertThrows(LakeLock.BusyException.class,
            () -> LakeLock.acquire(lake.toString(), HADOOP, "run-2", "run", SETTINGS, w -> { }));
        assertNull(busy.holder());
        assertTrue(busy.getMessage().contains("unreadable lock file") && busy.getMessage().contains("--force"),
            busy.getMessage());
        assertTrue(LakeLock.remove(lake.toString(), HADOOP));
        assertFalse(LakeLock.holder(lake.toString(), HADOOP).isPresent());
    }

    @Test
    void theHeartbeatMustBeShorterThanTheMaximumAge() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new LakeLock.Settings(Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ZERO));
        assertNotEquals(null, e.getMessage());
    }

    /** The pid of a process that has ended. */
    static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    static String lockJson(String runId, String host, long pid, Instant heartbeat) {
        return "{\"run_id\":\"" + runId + "\",\"command\":\"run\",\"host\":\"" + host + "\",\"pid\":" + pid
            + ",\"started_at\":\"" + heartbeat.minusSeconds(5) + "\",\"heartbeat_at\":\"" + heartbeat
            + "\",\"token\":\"t-" + runId + "\"}";
    }
}
