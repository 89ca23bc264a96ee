package io.dramalake.jobs.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.ParameterDescription;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The CLI's own words for arguments JCommander would take badly or describe in its words. */
final class Arguments {

    private static final Pattern NEEDS_VALUE = Pattern.compile("Expected a value after parameter (\\S+)");
    private static final Pattern NOT_CONVERTED = Pattern.compile("\"(\\S+)\": couldn't convert \"(.*)\" to an? (\\w+).*");

    private Arguments() {
    }

    /**
     * Finds unknown options and stray arguments, to say so in our words (after a parse, when
     * JCommander knows each command's options). Returns the command named (null if none).
     */
    static String check(JCommander jc, String[] args) {
        int i = 0;
        while (i < args.length && isHelp(args[i])) {
            i++;
        }
        if (i >= args.length) {
            return null;
        }
        if (optionLike(args[i])) {
            throw new UsageException("unknown option '" + args[i] + "'");
        }
        String command = args[i];
        JCommander sub = jc.getCommands().get(command);
        if (sub == null) {
            throw new UsageException("unknown command '" + command + "'");
        }
        Map<String, Integer> values = new HashMap<>();
        for (ParameterDescription pd : sub.getParameters()) {
            Class<?> type = pd.getParameterized().getType();
            int arity = pd.getParameter().arity() >= 0 ? pd.getParameter().arity()
                : type == boolean.class || type == Boolean.class ? 0 : 1;
            for (String name : pd.getParameter().names()) {
                values.put(name, arity);
            }
        }
        boolean takesArguments = sub.getMainParameter() != null;
        for (int j = i + 1; j < args.length; j++) {
            String a = args[j];
            Integer arity = values.get(a);
            if (arity != null) {
                j += arity;
            } else if (optionLike(a)) {
                int eq = a.indexOf('=');
                if (eq > 0 && values.containsKey(a.substring(0, eq))) {
                    throw new UsageException("write '" + a.substring(0, eq) + " " + a.substring(eq + 1) + "', not '" + a
                        + "'");
                }
                throw new UsageException("unknown option '" + a + "'");
            } else if (!takesArguments) {
                throw new UsageException("unexpected argument '" + a + "'");
            }
        }
        return command;
    }

    /** The command the arguments name, if they name a known one. */
    static String commandNamed(JCommander jc, String[] args) {
        for (String a : args) {
            if (!isHelp(a)) {
                return jc.getCommands().containsKey(a) ? a : null;
            }
        }
        return null;
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h") || arg.equals("--version");
    }

    private static boolean optionLike(String arg) {
        return arg.matches("--?[A-Za-z][A-Za-z0-9-]*(=.*)?");
    }

    /** JCommander's remaining messages, in the project's words where they are known. */
    static String usageMessage(RuntimeException e) {
        String m = e.getMessage() == null ? "bad arguments" : e.getMessage();
        Matcher value = NEEDS_VALUE.matcher(m);
        if (value.matches()) {
            return value.group(1) + " needs a value";
        }
        Matcher convert = NOT_CONVERTED.matcher(m);
        if (convert.matches()) {
            return convert.group(1) + ": '" + convert.group(2) + "' is not "
                + ("integer".equals(convert.group(3)) ? "a whole number" : "a number");
        }
        return Failures.firstLine(m);
    }
}
