package io.dramalake.common.spark;

import java.util.Arrays;
import java.util.List;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/** Column names as the Scala {@code Seq} that Spark's joins on named columns take. */
public final class ColumnNames {

    private ColumnNames() {
    }

    public static Seq<String> seq(List<String> names) {
        return JavaConverters.asScalaBuffer(names).toSeq();
    }

    public static Seq<String> seq(String... names) {
        return seq(Arrays.asList(names));
    }
}
