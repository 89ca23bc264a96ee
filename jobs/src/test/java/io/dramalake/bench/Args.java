package io.dramalake.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} options; flags (no value) map to "true". */
final class Args {

    private Args() {
    }

    static Map<String, String> parse(String[] args, List<String> withValue) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + a);
            }
            if (withValue.contains(a)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                out.put(a, args[++i]);
            } else {
                out.put(a, "true");
            }
        }
        return out;
    }
}
