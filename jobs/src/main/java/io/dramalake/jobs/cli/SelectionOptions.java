package io.dramalake.jobs.cli;

import com.beust.jcommander.Parameter;
import io.dramalake.common.contract.Source;
import io.dramalake.common.lake.LandingZone.Selection;
import java.time.LocalDate;
import java.util.List;

/** Which sources and dump dates a command works on. */
public final class SelectionOptions {
    @Parameter(names = "--source", description = "Only this source: app_intel, apps or ad_creatives")
    public String source;

    @Parameter(names = "--dump-date", description = "Only this dump (YYYY-MM-DD)", converter = LocalDateConverter.class)
    public LocalDate dumpDate;

    @Parameter(names = "--from", description = "First dump date of a range (YYYY-MM-DD, inclusive)", converter = LocalDateConverter.class)
    public LocalDate from;

    @Parameter(names = "--to", description = "Last dump date of a range (YYYY-MM-DD, inclusive)", converter = LocalDateConverter.class)
    public LocalDate to;

    /** The checked selection; throws {@link UsageException} for contradictory options. */
    public Selection toSelection() {
        List<Source> sources;
        if (source == null) {
            sources = List.of(Source.values());
        } else {
            try {
                sources = List.of(Source.fromFolder(source.trim()));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--source: " + e.getMessage());
            }
        }
        if (dumpDate != null && (from != null || to != null)) {
            throw new UsageException("--dump-date cannot be combined with --from/--to");
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw new UsageException("--from " + from + " is after --to " + to);
        }
        return dumpDate != null ? new Selection(sources, dumpDate, dumpDate) : new Selection(sources, from, to);
    }
}
