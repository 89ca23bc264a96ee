package io.dramalake.jobs;

/** JSON string literals, written once for every place that prints JSON. */
public final class JsonText {

    private JsonText() {
    }

    /** {@code s} as a JSON string literal ({@code null} for null). */
    public static String quote(String s) {
        return quote(s, false);
    }

    /**
     * The same, also escaping {@code < > &} and the JavaScript line separators: still valid JSON,
     * and safe inside an HTML script element (data can never close it or open a comment).
     */
    public static String quoteForScript(String s) {
        return quote(s, true);
    }

    private static String quote(String s, boolean script) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    boolean unsafe = c < 0x20 || (script && (c == '<' || c == '>' || c == '&' || c == '\u2028'
                        || c == '\u2029'));
                    if (unsafe) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
