package io.dramalake.jobs.cli;

import io.dramalake.common.contract.Source;
import io.dramalake.common.lake.LandingZone.Selection;
import java.util.ArrayList;
import java.util.List;

/** Which sources a single day's dump must hold: the profile's, within the selection, less --allow-missing. */
final class RequiredSources {

    private RequiredSources() {
    }

    /** Checked even when the run covers more than one dump, so a typo is a usage error at once. */
    static List<Source> of(Profile profile, Selection selection, List<String> allowMissing) {
        List<Source> allowed = new ArrayList<>();
        for (String name : allowMissing) {
            try {
                allowed.add(Source.fromFolder(name.trim()));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--allow-missing: " + e.getMessage());
            }
        }
        return profile.requiredSources().stream()
            .filter(s -> selection.sources().contains(s) && !allowed.contains(s)).toList();
    }

    /** Only a run of one dump date waits for it; a range or the whole landing lands what is there. */
    static boolean oneDump(Selection selection) {
        return selection.from() != null && selection.from().equals(selection.to());
    }
}
