package io.dramalake.common.spark;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * Session settings changed for one piece of work and put back after it, as the session had them:
 * a value set by the profile comes back, an unset one is unset again. A job shares its session
 * with whatever runs after it in the same JVM (the tests, a notebook), so it leaves none behind.
 */
public final class SessionSettings {

    private SessionSettings() {
    }

    /** Runs {@code work} with {@code values} set (a null value unsets), then restores the session's own. */
    public static <T> T with(SparkSession spark, Map<String, String> values, Supplier<T> work) {
        Map<String, String> before = current(spark, values.keySet());
        set(spark, values);
        try {
            return work.get();
        } finally {
            set(spark, before);
        }
    }

    /**
     * The values the session has set for {@code keys}, null where it has none (where it reads a
     * setting's default: {@code getOption} would give that default, and restoring it would pin it).
     */
    static Map<String, String> current(SparkSession spark, Collection<String> keys) {
        scala.collection.immutable.Map<String, String> set = spark.conf().getAll();
        Map<String, String> values = new HashMap<>();
        keys.forEach(key -> values.put(key, set.get(key).getOrElse(() -> null)));
        return values;
    }

    /** Sets each setting to its value; a null value unsets it. */
    static void set(SparkSession spark, Map<String, String> values) {
        values.forEach((key, value) -> {
            if (value == null) {
                spark.conf().unset(key);
            } else {
                spark.conf().set(key, value);
            }
        });
    }
}
