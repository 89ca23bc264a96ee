package io.dramalake.common.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lake's writer lock: one object, {@code <lake>/_lock.json}, naming the run that holds it.
 * Every command that changes the lake takes it before its first write and gives it back at its
 * end; readers never look at it. The holder rewrites the lock's heartbeat every few seconds so
 * a long backfill is not mistaken for a dead run.
 *
 * <p>Creation is exclusive where the store allows it: on local disk the lock is written to a
 * private file and hard-linked into place (atomic: exactly one link succeeds). Elsewhere it is
 * {@code FileSystem.create(path, overwrite = false)}, which is atomic on HDFS but on S3A only a
 * check followed by a PUT; there two racing writers can both pass the check, so after a short
 * settle time the lock is read back and only the writer whose token is in it goes on.
 */
public final class LakeLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LakeLock.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String FILE_NAME = "_lock.json";

    /** Who holds a lock. {@code token} tells this acquisition from any other by the same run. */
    public record Holder(String runId, String command, String host, long pid, Instant startedAt,
                         Instant heartbeatAt, String token) {

        /** One line: run, command, host, pid, since when. */
        public String describe() {
            return "run " + runId + " (" + command + ", host " + host + ", pid " + pid + ", since " + startedAt
                + (heartbeatAt.equals(startedAt) ? "" : ", last heartbeat " + heartbeatAt) + ")";
        }

        Holder beating(Instant now) {
            return new Holder(runId, command, host, pid, startedAt, now, token);
        }

        byte[] toJson() {
            ObjectNode n = JSON.createObjectNode();
            n.put("run_id", runId).put("command", command).put("host", host).put("pid", pid)
                .put("started_at", startedAt.toString()).put("heartbeat_at", heartbeatAt.toString()).put("token", token);
            try {
                return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        static Holder fromJson(byte[] bytes) throws IOException {
            JsonNode n = JSON.readTree(bytes);
            if (n == null || !n.hasNonNull("run_id") || !n.hasNonNull("token")) {
                throw new IOException("not a lake lock");
            }
            Instant started = Instant.parse(n.path("started_at").asText());
            Instant beat = n.hasNonNull("heartbeat_at") ? Instant.parse(n.get("heartbeat_at").asText()) : started;
            return new Holder(n.get("run_id").asText(), n.path("command").asText("?"), n.path("host").asText("?"),
                n.path("pid").asLong(-1), started, beat, n.get("token").asText());
        }
    }

    /**
     * {@code maxAge}: a lock whose heartbeat is older is stale; {@code heartbeat}: how often the
     * holder refreshes it; {@code settle}: on stores without an exclusive create, how long to wait
     * before reading a new lock back.
     */
    public record Settings(Duration maxAge, Duration heartbeat, Duration settle) {
        public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(60);
        public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(60);
        public static final Duration DEFAULT_SETTLE = Duration.ofMillis(1500);

        public Settings {
            if (heartbeat.compareTo(maxAge) >= 0) {
                throw new IllegalArgumentException("the lock's heartbeat (" + heartbeat.toSeconds()
                    + " s) must be shorter than its maximum age (" + maxAge.toSeconds() + " s)");
            }
        }

        public static Settings defaults() {
            return new Settings(DEFAULT_MAX_AGE, DEFAULT_HEARTBEAT, DEFAULT_SETTLE);
        }
    }

    /** Another holder has the lock (or it cannot be read); nothing was written. */
    public static final class BusyException extends RuntimeException {
        private final transient Holder holder;

        BusyException(String lakeRoot, Holder holder, String unreadable) {
            super(holder != null
                ? "the lake at " + lakeRoot + " is busy: " + holder.describe() + " holds its lock; retry later"
                  + " (if that run is dead: dramalake unlock --lake " + lakeRoot + ")"
                : unreadable != null
                ? "the lake at " + lakeRoot + " is locked by an unreadable lock file (" + unreadable
                  + "); see it, then remove it with: dramalake unlock --lake " + lakeRoot + " --force"
                : "the lake at " + lakeRoot + " is busy: its lock changed hands while this run tried to take it; "
                  + "retry later");
            this.holder = holder;
        }

        /** The holder, or null when the lock file could not be read. */
        public Holder holder() {
            return holder;
        }
    }

    private final Store store;
    private final Holder mine;
    private final ScheduledExecutorService heartbeat;
    private volatile boolean lost;

    private LakeLock(Store store, Holder mine, Duration every) {
        this.store = store;
        this.mine = mine;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dramalake-lake-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleWithFixedDelay(this::beat, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the lake's lock for {@code runId}'s {@code command}, first removing a stale one
     * ({@code warn} gets a line naming it). Fails with {@link BusyException} while another
     * holder has it.
     */
    public static LakeLock acquire(String lakeRoot, Configuration hadoop, String runId, String command,
                                   Settings settings, Consumer<String> warn) {
        Store store = Store.of(lakeRoot, hadoop);
        Instant now = Instant.now();
        Holder me = new Holder(runId, command, thisHost(), ProcessHandle.current().pid(), now, now,
            UUID.randomUUID().toString());
        try {
            for (int attempt = 0; attempt < 2; attempt++) {
                if (store.createNew(me.toJson(), settings.settle())) {
                    Holder inPlace = read(store);
                    if (inPlace == null) {
                        continue; // removed right away (an operator's unlock): try again
                    }
                    if (inPlace.token().equals(me.token())) {
                        return new LakeLock(store, me, settings.heartbeat());
                    }
                    throw new BusyException(lakeRoot, inPlace, null);
                }
                Holder other;
                try {
                    other = read(store);
                } catch (IOException e) {
                    throw new BusyException(lakeRoot, null, store.describe() + ": " + e.getMessage());
                }
                if (other == null) {
                    continue; // released meanwhile: try again
                }
                String why = staleBecause(other, settings, Instant.now());
                if (why == null || attempt > 0) {
                    throw new BusyException(lakeRoot, other, null);
                }
                // Re-read just before removing it, so a lock that changed hands meanwhile is kept.
                Holder again = read(store);
                if (again != null && again.token().equals(other.token())) {
                    warn.accept("taking over a stale lake lock: " + other.describe() + " — " + why);
                    store.delete();
                }
            }
            throw new BusyException(lakeRoot, read(store), null);
        } catch (IOException e) {
            throw new LakeAccessException("cannot take the lake's lock " + store.describe() + ": " + e.getMessage(), e);
        }
    }

    /** The current holder of the lake's lock, if any. */
    public static Optional<Holder> holder(String lakeRoot, Configuration hadoop) throws IOException {
        return Optional.ofNullable(read(Store.of(lakeRoot, hadoop)));
    }

    /** Removes the lake's lock whoever holds it (an operator's unlock); returns whether there was one. */
    public static boolean remove(String lakeRoot, Configuration hadoop) throws IOException {
        return Store.of(lakeRoot, hadoop).delete();
    }

    /**
     * Why {@code holder}'s lock is stale, or null while it may still be alive: its process on this
     * host is gone, or its heartbeat is older than the maximum age.
     */
    public static String staleBecause(Holder holder, Settings settings, Instant now) {
        if (holder.host().equals(thisHost()) && !ProcessHandle.of(holder.pid()).map(ProcessHandle::isAlive).orElse(false)) {
            return "its process " + holder.pid() + " on this host is gone";
        }
        if (Duration.between(holder.heartbeatAt(), now).compareTo(settings.maxAge()) > 0) {
            return "no heartbeat since " + holder.heartbeatAt() + " (more than " + settings.maxAge().toMinutes()
                + " min)";
        }
        return null;
    }

    public Holder holder() {
        return mine;
    }

    /** Whether the lock was found in another's hands (removed by an operator or taken over). */
    public boolean lost() {
        return lost;
    }

    /** Stops the heartbeat and removes the lock if it is still this holder's. */
    @Override
    public void close() {
        // Not shutdownNow: an interrupt inside a heartbeat's write would leave its temporary file.
        heartbeat.shutdown();
        try {
            heartbeat.awaitTermination(10, TimeUnit.SECONDS);
            Holder now = read(store);
            if (now != null && now.token().equals(mine.token())) {
                store.delete();
            } else {
                LOG.warn("the lake's lock was no longer {}'s at its end; left as it is", mine.runId());
            }
        } catch (IOException e) {
            LOG.warn("could not release the lake's lock {}: {}", store.describe(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void beat() {
        try {
            Holder now = read(store);
            if (now == null || !now.token().equals(mine.token())) {
                lost = true;
                LOG.warn("the lake's lock is no longer held by run {} (now: {}); heartbeat stopped", mine.runId(),
                    now == null ? "nobody" : now.describe());
                heartbeat.shutdown();
                return;
            }
            store.replace(mine.beating(Instant.now()).toJson());
        } catch (IOException | RuntimeException e) {
            LOG.warn("lake lock heartbeat failed (will retry): {}", e.getMessage());
        }
    }

    private static Holder read(Store store) throws IOException {
        byte[] bytes = store.read();
        return bytes == null ? null : Holder.fromJson(bytes);
    }

    private static volatile String host;

    /** This machine's host name, as holders record it. */
    public static String thisHost() {
        if (host == null) {
            String h;
            try {
                h = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                h = System.getenv().getOrDefault("HOSTNAME", "unknown-host");
            }
            host = h;
        }
        return host;
    }

    /** The lock object on local disk or in a Hadoop file system. */
    private abstract static class Store {
        static Store of(String lakeRoot, Configuration hadoop) {
            Path lock = new Path(new Lake(lakeRoot).root(), FILE_NAME);
            String scheme = lock.toUri().getScheme();
            if (scheme == null || scheme.equals("file")) {
                return new Local(scheme == null ? java.nio.file.Path.of(lock.toString()) : java.nio.file.Path.of(lock.toUri()));
            }
            return new Hadoop(lock, hadoop);
        }

        /** Creates the lock with {@code bytes} unless it exists; false when it does. */
        abstract boolean createNew(byte[] bytes, Duration settle) throws IOException;

        /** The lock's bytes, or null when there is none. */
        abstract byte[] read() throws IOException;

        /** Replaces the lock's content in one step (readers see the old or the new bytes). */
        abstract void replace(byte[] bytes) throws IOException;

        abstract boolean delete() throws IOException;

        abstract String describe();
    }

    private static final class Local extends Store {
        private final java.nio.file.Path lock;

        Local(java.nio.file.Path lock) {
            this.lock = lock;
        }

        @Override
        boolean createNew(byte[] bytes, Duration settle) throws IOException {
            java.nio.file.Path mine = written(bytes);
            try {
                Files.createLink(lock, mine); // atomic: fails if the lock exists
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } finally {
                Files.deleteIfExists(mine);
            }
        }

        @Override
        byte[] read() throws IOException {
            try {
                return Files.readAllBytes(lock);
            } catch (NoSuchFileException e) {
                return null;
            }
        }

        @Override
        void replace(byte[] bytes) throws IOException {
            Files.move(written(bytes), lock, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }

        @Override
        boolean delete() throws IOException {
            return Files.deleteIfExists(lock);
        }

        /** The bytes in a private file beside the lock (names starting with _ are not table data). */
        private java.nio.file.Path written(byte[] bytes) throws IOException {
            java.nio.file.Path tmp = lock.resolveSibling(FILE_NAME + "." + UUID.randomUUID() + ".tmp");
            try {
                Files.write(tmp, bytes);
            } catch (IOException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            return tmp;
        }

        @Override
        String describe() {
            return lock.toString();
        }
    }

    private static final class Hadoop extends Store {
        private final Path lock;
        private final FileSystem fs;
        private final boolean exclusiveCreate;

        Hadoop(Path lock, Configuration hadoop) {
            this.lock = lock;
            try {
                this.fs = lock.getFileSystem(hadoop);
            } catch (IOException e) {
                throw new LakeAccessException("cannot reach the lake's lock " + lock + ": " + e.getMessage(), e);
            }
            this.exclusiveCreate = "hdfs".equals(lock.toUri().getScheme());
        }

        @Override
        boolean createNew(byte[] bytes, Duration settle) throws IOException {
            try (OutputStream out = fs.create(lock, false)) {
                out.write(bytes);
            } catch (org.apache.hadoop.fs.FileAlreadyExistsException | FileAlreadyExistsException e) {
                return false;
            }
            if (!exclusiveCreate) {
                // A racing writer's PUT that passed the same existence check lands within this
                // time; the caller's read-back then sees whose lock it is.
                try {
                    Thread.sleep(settle.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while taking the lake's lock", e);
                }
            }
            return true;
        }

        @Override
        byte[] read() throws IOException {
            try (InputStream in = fs.open(lock)) {
                return in.readAllBytes();
            } catch (FileNotFoundException e) {
                return null;
            }
        }

        @Override
        void replace(byte[] bytes) throws IOException {
            // One PUT on object stores (readers see the old or the new object); HDFS replaces too.
            try (OutputStream out = fs.create(lock, true)) {
                out.write(bytes);
            }
        }

        @Override
        boolean delete() throws IOException {
            return fs.delete(lock, false);
        }

        @Override
        String describe() {
            return lock.toString();
        }
    }
}
