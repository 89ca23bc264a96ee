package io.dramalake.jobs.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import io.dramalake.jobs.sample.SampleGenerator;
import io.dramalake.jobs.sample.SampleOptions;
import io.dramalake.jobs.sample.SampleSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;

/** {@code generate-sample}: writes a realistic landing zone in the contract's formats. */
@Parameters(commandNames = "generate-sample",
    commandDescription = "Write a realistic sample landing zone (the contract's formats, with real-world mess)")
final class GenerateSampleCommand extends Command {
    @Parameter(names = "--landing", description = "Landing zone root to write into")
    public String landing;

    @Parameter(names = "--scale", description = "Size preset: small (default) or market-2025 (a full year at market scale)")
    public String scale = "small";

    @Parameter(names = "--seed", description = "Random seed; the same seed writes the same files")
    public Long seed;

    @Parameter(names = "--start-date", description = "First day of data (YYYY-MM-DD)", converter = LocalDateConverter.class)
    public LocalDate startDate;

    @Parameter(names = "--days", description = "Number of daily dumps")
    public Integer days;

    @Parameter(names = "--apps-at-start", description = "Apps on the market on the first day")
    public Integer appsAtStart;

    @Parameter(names = "--apps-at-end", description = "Apps on the market on the last day")
    public Integer appsAtEnd;

    @Parameter(names = "--countries", description = "Markets per app universe (up to about 60)")
    public Integer countries;

    @Parameter(names = "--creatives", description = "Distinct ad materials")
    public Long creatives;

    @Parameter(names = "--bad-row-share", description = "Share of deliberately bad rows (0 to 0.5)")
    public Double badRowShare;

    @Override
    int call(Invocation inv) throws IOException {
        String landingRoot = Invocation.required("--landing", landing, inv.profile.get(Profile.LANDING));
        SampleOptions chosen = options();
        if (common.dryRun) {
            return inv.plan("landing: " + landingRoot, "sample: " + chosen.describe());
        }
        SampleSummary summary = new SampleGenerator(chosen).generate(Path.of(landingRoot));
        inv.out.println(summary);
        return ExitCode.OK;
    }

    /** The generator options these flags describe. */
    SampleOptions options() {
        SampleOptions o = switch (scale.trim().toLowerCase(Locale.ROOT)) {
            case "small" -> SampleOptions.defaults();
            case "market-2025" -> SampleOptions.market2025();
            default -> throw new UsageException("--scale: '" + scale + "' is not small or market-2025");
        };
        if (seed != null) {
            o = o.withSeed(seed);
        }
        if (startDate != null) {
            o = o.withStartDate(startDate);
        }
        if (days != null) {
            o = o.withDays(positive("--days", days));
        }
        if (appsAtStart != null) {
            o = o.withAppsAtStart(positive("--apps-at-start", appsAtStart));
        }
        if (appsAtEnd != null) {
            o = o.withAppsAtEnd(positive("--apps-at-end", appsAtEnd));
        }
        if (countries != null) {
            o = o.withCountries(positive("--countries", countries));
        }
        if (creatives != null) {
            o = o.withCreatives(positive("--creatives", creatives.intValue()));
        }
        if (badRowShare != null) {
            if (badRowShare < 0 || badRowShare > 0.5) {
                throw new UsageException("--bad-row-share must be between 0 and 0.5");
            }
            o = o.withBadRowShare(badRowShare);
        }
        if (o.appsAtEnd() < o.appsAtStart()) {
            throw new UsageException("--apps-at-end must be at least --apps-at-start");
        }
        return o;
    }

    private static int positive(String option, int value) {
        if (value <= 0) {
            throw new UsageException(option + " must be positive");
        }
        return value;
    }
}
