package io.dramalake.jobs.sql;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import scala.collection.JavaConverters;

/** Prints a query's rows as an aligned table, CSV (RFC 4180, header first) or JSON Lines. Streams the rows. */
public final class ResultPrinter {

    public enum Format { TABLE, CSV, JSON;

        public static Format parse(String value) {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
    }

    private ResultPrinter() {
    }

    /** Prints all rows and returns how many. The table format shows at most {@code tableLimit} rows. */
    public static long print(Dataset<Row> result, Format format, PrintStream out, int tableLimit) {
        String[] names = result.columns();
        Iterator<Row> rows = result.toLocalIterator();
        long n = 0;
        switch (format) {
            case CSV -> {
                out.println(csvLine(List.of(names)));
                while (rows.hasNext()) {
                    out.println(csvLine(texts(rows.next())));
                    n++;
                }
            }
            case JSON -> {
                while (rows.hasNext()) {
                    Row r = rows.next();
                    StringBuilder sb = new StringBuilder("{");
                    for (int i = 0; i < names.length; i++) {
                        sb.append(i == 0 ? "" : ",").append(jsonString(names[i])).append(':').append(json(r.get(i)));
                    }
                    out.println(sb.append('}'));
                    n++;
                }
            }
            case TABLE -> {
                List<List<String>> cells = new ArrayList<>();
                while (rows.hasNext() && n < tableLimit) {
                    List<String> t = texts(rows.next());
                    t.replaceAll(v -> v == null ? "NULL" : v);
                    cells.add(t);
                    n++;
                }
                int[] width = new int[names.length];
                for (int i = 0; i < names.length; i++) {
                    width[i] = names[i].length();
                    for (List<String> row : cells) {
                        width[i] = Math.max(width[i], row.get(i).length());
                    }
                }
                String rule = rule(width);
                out.println(rule);
                out.println(line(List.of(names), width, result.schema().fields()));
                out.println(rule);
                cells.forEach(row -> out.println(line(row, width, result.schema().fields())));
                out.println(rule);
                boolean more = rows.hasNext();
                out.println(n + " row(s)" + (more ? " shown; more not shown (use --format csv for all)" : ""));
            }
            default -> throw new IllegalStateException();
        }
        out.flush();
        return n;
    }

    private static String rule(int[] width) {
        StringBuilder sb = new StringBuilder("+");
        for (int w : width) {
            sb.append("-".repeat(w + 2)).append('+');
        }
        return sb.toString();
    }

    private static String line(List<String> values, int[] width, StructField[] fields) {
        StringBuilder sb = new StringBuilder("|");
        for (int i = 0; i < width.length; i++) {
            String v = values.get(i);
            boolean numeric = fields[i].dataType() instanceof org.apache.spark.sql.types.NumericType;
            String pad = " ".repeat(width[i] - v.length());
            sb.append(' ').append(numeric ? pad + v : v + pad).append(" |");
        }
        return sb.toString();
    }

    private static List<String> texts(Row r) {
        List<String> out = new ArrayList<>(r.length());
        for (int i = 0; i < r.length(); i++) {
            out.add(text(r.get(i)));
        }
        return out;
    }

    /** A value as plain text: exact decimals, ISO dates and times, JSON for arrays and structs. */
    static String text(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof java.sql.Timestamp t) {
            return t.toInstant().toString();
        }
        if (v instanceof scala.collection.Seq<?> || v instanceof Row || v instanceof scala.collection.Map<?, ?>) {
            return json(v);
        }
        return v.toString();
    }

    private static String csvLine(List<String> values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            if (i > 0) {
                sb.append(',');
            }
            if (v == null) {
                continue;
            }
            if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                sb.append('"').append(v.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(v);
            }
        }
        return sb.toString();
    }

    static String json(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Number n && !(v instanceof BigDecimal)) {
            double d = n.doubleValue();
            return Double.isNaN(d) || Double.isInfinite(d) ? "null" : n.toString();
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Boolean b) {
            return b.toString();
        }
        if (v instanceof scala.collection.Seq<?> seq) {
            StringBuilder sb = new StringBuilder("[");
            Iterator<?> it = JavaConverters.seqAsJavaList(seq).iterator();
            while (it.hasNext()) {
                sb.append(json(it.next())).append(it.hasNext() ? "," : "");
            }
            return sb.append(']').toString();
        }
        if (v instanceof Row row) {
            StringBuilder sb = new StringBuilder("{");
            String[] names = row.schema() == null ? null : row.schema().fieldNames();
            for (int i = 0; i < row.length(); i++) {
                sb.append(i == 0 ? "" : ",").append(jsonString(names == null ? "_" + (i + 1) : names[i]))
                    .append(':').append(json(row.get(i)));
            }
            return sb.append('}').toString();
        }
        if (v instanceof scala.collection.Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> e : JavaConverters.mapAsJavaMap(map).entrySet()) {
                sb.append(first ? "" : ",").append(jsonString(String.valueOf(e.getKey()))).append(':')
                    .append(json(e.getValue()));
                first = false;
            }
            return sb.append('}').toString();
        }
        return jsonString(text(v));
    }

    private static String jsonString(String s) {
        return io.dramalake.jobs.JsonText.quote(s);
    }
}
