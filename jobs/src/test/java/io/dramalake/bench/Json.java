package io.dramalake.bench;

import java.util.Map;

/** Just enough JSON writing for the benchmark's result files (no library on the test classpath for it). */
final class Json {

    private Json() {
    }

    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append('"').toString();
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
