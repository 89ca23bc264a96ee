package io.dramalake.common.quality;

/** What a failed check does: an error stops the run before gold is published; a warning is recorded. */
public enum Severity {
    ERROR,
    WARNING
}
