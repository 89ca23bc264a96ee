package io.dramalake.jobs.cli;

import io.dramalake.common.lake.LakeAccessException;
import java.util.ConcurrentModificationException;
import org.apache.spark.sql.AnalysisException;

/** How a failure reads on stderr: one line, in the project's words. */
final class Failures {

    private Failures() {
    }

    /**
     * One line for a SQL error (Spark's error class and message, where it is), plus the statement's
     * line with a caret under the place when Spark gives one.
     */
    static String sqlError(String command, AnalysisException e, String sqlText) {
        String message = firstLine(e.message().strip());
        StringBuilder sb = new StringBuilder("dramalake " + command + ": SQL error");
        boolean located = e.line().isDefined() && e.startPosition().isDefined();
        int line = located ? (Integer) e.line().get() : 0;
        int column = located ? (Integer) e.startPosition().get() : 0;
        if (located) {
            sb.append(" at line ").append(line).append(", column ").append(column + 1);
        }
        sb.append(": ").append(message).append('\n');
        String[] lines = sqlText == null ? new String[0] : sqlText.split("\n", -1);
        if (located && line >= 1 && line <= lines.length && lines[line - 1].length() <= 200
            && column <= lines[line - 1].length()) {
            sb.append("  ").append(lines[line - 1]).append('\n');
            sb.append("  ").append(" ".repeat(column)).append("^\n");
        }
        return sb.toString();
    }

    /** Delta's conflict with a concurrent commit, if that is what {@code e} is or was caused by. */
    static Throwable concurrentModification(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConcurrentModificationException) {
                return t;
            }
        }
        return null;
    }

    static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            if (t instanceof LakeAccessException) {
                return t;
            }
            t = t.getCause();
        }
        return t;
    }

    static String firstLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
