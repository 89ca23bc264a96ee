package io.dramalake.jobs;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/** Query helpers for tests: every row as one comma-joined line, so expectations read like CSV. */
public final class LakeAssertions {

    private LakeAssertions() {
    }

    public static List<String> rows(String sql) {
        List<String> out = new ArrayList<>();
        for (Row r : TestSpark.get().sql(sql).collectAsList()) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length(); i++) {
                sb.append(i == 0 ? "" : ",").append(r.isNullAt(i) ? "null" : text(r.get(i)));
            }
            out.add(sb.toString());
        }
        return out;
    }

    public static long count(String sql) {
        return TestSpark.get().sql(sql).collectAsList().get(0).getLong(0);
    }

    /** The first line of {@code output} starting with {@code prefix} (empty when none does). */
    public static String line(String output, String prefix) {
        return output.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("");
    }

    private static String text(Object v) {
        if (v instanceof scala.collection.Seq<?> seq) {
            return String.join("|", scala.collection.JavaConverters.seqAsJavaList(seq).stream()
                .map(String::valueOf).toList());
        }
        return String.valueOf(v);
    }
}
