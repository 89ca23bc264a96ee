package io.dramalake.jobs.cli;

import com.beust.jcommander.Parameter;

/** {@code --lake}, shared by every command that works on a lake; the profile's {@code dramalake.lake} is the default. */
public final class LakeOption {
    @Parameter(names = "--lake", description = "Lake root (local path or s3a://...)")
    public String lake;

    /** The lake root given or from the profile; a usage error when neither names one. */
    public String resolve(Profile profile) {
        return Invocation.required("--lake", lake, profile.get(Profile.LAKE));
    }
}
