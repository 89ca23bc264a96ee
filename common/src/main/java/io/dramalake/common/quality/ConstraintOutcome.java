package io.dramalake.common.quality;

import java.io.Serializable;

/** One constraint's verdict from a Deequ verification, flattened for the quality record. */
public record ConstraintOutcome(
    String table,
    String check,
    Severity severity,
    String constraint,
    boolean passed,
    String message,
    String metricName,
    String metricInstance,
    Double metricValue) implements Serializable {

    /** A failed constraint that makes the run fail. */
    public boolean blocksPublication() {
        return !passed && severity == Severity.ERROR;
    }
}
