package io.dramalake.jobs.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;

/** {@code unlock}: an operator's removal of the lake's writer lock. */
@Parameters(commandNames = "unlock",
    commandDescription = "Show who holds the lake's writer lock; remove it if its run is dead (--force: whoever holds it)")
public final class UnlockCommand {
    @ParametersDelegate
    public CommonOptions common = new CommonOptions();

    @Parameter(names = "--lake", description = "Lake root (local path or s3a://...)")
    public String lake;

    @Parameter(names = "--force", description = "Remove the lock even if its run may still be alive")
    public boolean force;
}
