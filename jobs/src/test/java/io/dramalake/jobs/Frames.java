package io.dramalake.jobs;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Small frames for tests that call the transforms directly; rows name only the columns they set. */
public final class Frames {

    private Frames() {
    }

    /**
     * A frame of {@code schema}'s columns whose rows give {@code columns}' values in that order;
     * the other columns are null, so every column is nullable here.
     */
    public static Dataset<Row> of(StructType schema, List<String> columns, List<Object[]> rows) {
        List<Row> out = new ArrayList<>();
        for (Object[] values : rows) {
            Object[] full = new Object[schema.size()];
            for (int i = 0; i < columns.size(); i++) {
                full[schema.fieldIndex(columns.get(i))] = values[i];
            }
            out.add(RowFactory.create(full));
        }
        StructType nullable = new StructType();
        for (StructField f : schema.fields()) {
            nullable = nullable.add(f.name(), f.dataType(), true);
        }
        return TestSpark.get().createDataFrame(out, nullable);
    }

    public static Date day(String iso) {
        return Date.valueOf(iso);
    }

    public static Timestamp at(String isoDay) {
        return Timestamp.valueOf(isoDay + " 00:00:00");
    }

    public static BigDecimal usd(String amount) {
        return new BigDecimal(amount);
    }

    /** Names and types, without nullability (which Spark derives for computed columns). */
    public static List<String> namesAndTypes(StructType schema) {
        List<String> out = new ArrayList<>();
        for (StructField f : schema.fields()) {
            DataType t = f.dataType();
            out.add(f.name() + " " + t.simpleString());
        }
        return out;
    }

    /** Each row as text, {@code null} for a null, values joined by {@code |}. */
    public static List<String> lines(Dataset<Row> frame, String... orderBy) {
        List<String> out = new ArrayList<>();
        for (Row r : frame.orderBy(orderBy[0], java.util.Arrays.copyOfRange(orderBy, 1, orderBy.length))
            .collectAsList()) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                sb.append(i == 0 ? "" : "|").append(r.isNullAt(i) ? "null" : r.get(i).toString());
            }
            out.add(sb.toString());
        }
        return out;
    }
}
