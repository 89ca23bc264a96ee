package io.dramalake.jobs.cli;

import com.beust.jcommander.Parameter;

/** {@code --result-json FILE}, taken by the commands that change the lake. */
public final class ResultJsonOption {
    @Parameter(names = "--result-json",
        description = "Also write the run's result as JSON to FILE (stages, files, rows, quality, exit code), on failure too")
    public String file;

    /** The file named on a command's options ({@code public ResultJsonOption result}), or null. */
    static String fileOf(Object config) {
        try {
            return ((ResultJsonOption) config.getClass().getField("result").get(config)).file;
        } catch (NoSuchFieldException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
