package io.dramalake.jobs;

/**
 * What a job that writes the lake hands back, as data: the CLI maps it to an exit code,
 * {@link RunRecorder} to a row of {@code ops.runs}, and a benchmark or scheduler can read it.
 */
public interface JobResult {

    /** Human-readable lines; nothing should parse them. */
    String summary();

    /** Whether the run committed anything (a rerun over the same input commits nothing). */
    boolean changedLake();

    /** The quality gate: an error-severity check failed, so gold was not published. */
    boolean qualityFailed();

    /** The silver versions gold was published from in this run; null when this run published no gold. */
    default String goldBuiltFrom() {
        return null;
    }
}
