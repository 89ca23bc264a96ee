package io.dramalake.bench;

import java.util.Map;

/** Just enough JSON writing for the benchmark's result files (no library on the test classpath for it). */
final class Json {

    private Json() {
    }

    static String quote(String s) {
        return io.dramalake.jobs.JsonText.quote(s);
    }

    /** A flat object of string values, one member per line. */
    static String object(Map<String, String> values, String indent) {
        if (values.isEmpty()) {
            return "{}";
        }
        StringBuilder sb = new StringBuilder("{");
        int i = 0;
        for (Map.Entry<String, String> e : values.entrySet()) {
            sb.append(i++ == 0 ? "\n" : ",\n").append(indent).append("  ").append(quote(e.getKey())).append(": ")
                .append(quote(e.getValue()));
        }
        return sb.append('\n').append(indent).append('}').toString();
    }
}
