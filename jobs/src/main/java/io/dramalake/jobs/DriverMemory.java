package io.dramalake.jobs;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The driver JVM's peak heap occupancy: the heap in use just before each collection (when it is
 * fullest), and now. Summing each pool's own peak would overstate it, since pools peak at
 * different times.
 */
final class DriverMemory {

    private static final AtomicLong PEAK = new AtomicLong();
    /** The usage GC reports covers every pool; metaspace and code cache are not heap. */
    private static final java.util.Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
        .map(java.lang.management.MemoryPoolMXBean::getName).collect(java.util.stream.Collectors.toSet());

    static {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((n, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                        long used = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData())
                            .getGcInfo().getMemoryUsageBeforeGc().entrySet().stream()
                            .filter(e -> HEAP_POOLS.contains(e.getKey()))
                            .mapToLong(e -> e.getValue().getUsed()).sum();
                        PEAK.accumulateAndGet(used, Math::max);
                    }
                }, null, null);
            }
        }
    }

    private DriverMemory() {
    }

    /** Starts watching collections; call once early in the run. */
    static void watch() {
        // the static initializer does the work
    }

    static long peakHeapMib() {
        long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return Math.max(PEAK.get(), now) / (1024 * 1024);
    }
}
