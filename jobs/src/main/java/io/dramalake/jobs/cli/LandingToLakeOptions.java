package io.dramalake.jobs.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParametersDelegate;
import java.util.ArrayList;
import java.util.List;

/** The options of a command that reads the landing zone into the lake (ingest, run). */
public abstract class LandingToLakeOptions {
    @ParametersDelegate
    public CommonOptions common = new CommonOptions();

    @Parameter(names = "--landing", description = "Landing zone root (local path or s3a://...)")
    public String landing;

    @Parameter(names = "--lake", description = "Lake root (local path or s3a://...)")
    public String lake;

    @ParametersDelegate
    public SelectionOptions selection = new SelectionOptions();

    @ParametersDelegate
    public ResultJsonOption result = new ResultJsonOption();

    @Parameter(names = "--allow-missing",
        description = "With --dump-date: land the dump although this required source has not arrived (repeatable)")
    public List<String> allowMissing = new ArrayList<>();
}
