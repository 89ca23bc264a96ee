package io.dramalake.jobs.ingest;

import io.dramalake.common.contract.Source;
import io.dramalake.common.lake.LandingZone;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Whether a day's dump has arrived: every required source's folder holds finished data files.
 * A run of a dump that has not arrived writes nothing and asks the scheduler to retry later.
 */
public final class DumpArrival {

    /** One required source not delivered yet: its dump folder and why. */
    public record Missing(Source source, String folder, String why) {
    }

    /** The dump has not arrived (exit 75, like a busy lake: nothing written, retry later). */
    public static final class NotArrivedException extends RuntimeException {
        private final transient List<Missing> missing;

        NotArrivedException(LocalDate dumpDate, List<Missing> missing) {
            super("dump " + dumpDate + " has not arrived: " + missing.stream()
                .map(m -> m.source().folder() + " (" + m.folder() + ": " + m.why() + ")")
                .collect(Collectors.joining(", ")) + "; nothing was written, retry later (or --allow-missing SOURCE)");
            this.missing = List.copyOf(missing);
        }

        public List<Missing> missing() {
            return missing;
        }
    }

    private DumpArrival() {
    }

    /** The required sources whose dump {@code dumpDate} is not delivered, in the order given. */
    public static List<Missing> missing(LandingZone landing, LocalDate dumpDate, List<Source> required,
                                        String marker) {
        List<Missing> missing = new ArrayList<>();
        for (Source source : required) {
            String why = landing.notDelivered(source, dumpDate, marker);
            if (why != null) {
                missing.add(new Missing(source, landing.dumpFolder(source, dumpDate).toString(), why));
            }
        }
        return missing;
    }

    /** Throws {@link NotArrivedException} unless every required source of the dump is delivered. */
    public static void require(LandingZone landing, LocalDate dumpDate, List<Source> required, String marker) {
        List<Missing> missing = missing(landing, dumpDate, required, marker);
        if (!missing.isEmpty()) {
            throw new NotArrivedException(dumpDate, missing);
        }
    }
}
