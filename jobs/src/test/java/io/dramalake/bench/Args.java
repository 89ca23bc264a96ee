package io.dramalake.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} options and flags (no value, mapped to "true"); any other option is refused. */
final class Args {

    private Args() {
    }

    static Map<String, String> parse(String[] args, List<String> withValue, List<String> flags) {
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
            } else if (flags.contains(a)) {
                out.put(a, "true");
            } else {
                // A mistyped flag must not pass as an unknown one: a run it was meant to shorten takes its full hour.
                throw new IllegalArgumentException("unknown option: " + a);
            }
        }
        return out;
    }
}
