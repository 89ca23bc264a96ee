package io.dramalake.jobs.sample;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Immutable settings of the sample landing-zone generator.
 *
 * <p>{@code days} is the number of data days starting at {@code startDate}; the generator writes one
 * dump per data day, dump {@code D} carrying day {@code D-1} as its main day (so dump dates run from
 * {@code startDate+1} to {@code startDate+days}). Build with {@link #builder()} or derive with the
 * {@code withX} methods; {@link #defaults()} is a laptop-sized sample, {@link #market2025()} the
 * whole 2025 overseas market at its published scale.
 */
public final class SampleOptions {

    /** Number of markets the generator knows (see {@code Markets}); {@code countries} cannot exceed it. */
    public static final int MAX_COUNTRIES = Markets.COUNT;

    private final long seed;
    private final LocalDate startDate;
    private final int days;
    private final int appsAtStart;
    private final int appsAtEnd;
    private final int countries;
    private final long creatives;
    private final int restateDays;
    private final double badRowShare;
    private final boolean messy;

    private SampleOptions(Builder b) {
        this.seed = b.seed;
        this.startDate = Objects.requireNonNull(b.startDate, "startDate");
        this.days = b.days;
        this.appsAtStart = b.appsAtStart;
        this.appsAtEnd = b.appsAtEnd;
        this.countries = b.countries;
        this.creatives = b.creatives;
        this.restateDays = b.restateDays;
        this.badRowShare = b.badRowShare;
        this.messy = b.messy;
        if (days < 1) throw new IllegalArgumentException("days must be >= 1: " + days);
        if (appsAtStart < 1) throw new IllegalArgumentException("appsAtStart must be >= 1: " + appsAtStart);
        if (appsAtEnd < appsAtStart) {
            throw new IllegalArgumentException("appsAtEnd (" + appsAtEnd + ") must be >= appsAtStart (" + appsAtStart + ")");
        }
        if (appsAtEnd > 1_000_000) throw new IllegalArgumentException("appsAtEnd too large: " + appsAtEnd);
        if (countries < 1 || countries > MAX_COUNTRIES) {
            throw new IllegalArgumentException("countries must be in 1.." + MAX_COUNTRIES + ": " + countries);
        }
        if (creatives < 0) throw new IllegalArgumentException("creatives must be >= 0: " + creatives);
        if (restateDays < 0) throw new IllegalArgumentException("restateDays must be >= 0: " + restateDays);
        if (!(badRowShare >= 0.0 && badRowShare < 0.5)) {
            throw new IllegalArgumentException("badRowShare must be in [0, 0.5): " + badRowShare);
        }
    }

    /** Laptop-sized sample: 60 days of 2025, 40 growing to 120 apps, 20 markets, 3,000 creatives. */
    public static SampleOptions defaults() {
        return builder().build();
    }

    /**
     * The 2025 overseas micro-drama market at published scale: 365 days, about 200 apps growing to
     * about 1,100, 60 markets, about 14 million creatives; volumes calibrated to about 1.855 billion
     * downloads and about 2.28 billion USD IAP revenue.
     */
    public static SampleOptions market2025() {
        return builder()
                .startDate(LocalDate.of(2025, 1, 1))
                .days(365)
                .appsAtStart(200)
                .appsAtEnd(1_100)
                .countries(60)
                .creatives(14_000_000L)
                .restateDays(3)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.seed = seed;
        b.startDate = startDate;
        b.days = days;
        b.appsAtStart = appsAtStart;
        b.appsAtEnd = appsAtEnd;
        b.countries = countries;
        b.creatives = creatives;
        b.restateDays = restateDays;
        b.badRowShare = badRowShare;
        b.messy = messy;
        return b;
    }

    public long seed() { return seed; }
    public LocalDate startDate() { return startDate; }
    public int days() { return days; }
    public int appsAtStart() { return appsAtStart; }
    public int appsAtEnd() { return appsAtEnd; }
    public int countries() { return countries; }
    public long creatives() { return creatives; }
    public int restateDays() { return restateDays; }
    public double badRowShare() { return badRowShare; }
    public boolean messy() { return messy; }

    /** The last data day ({@code startDate + days - 1}). */
    public LocalDate endDate() { return startDate.plusDays(days - 1L); }

    public SampleOptions withSeed(long v) { return toBuilder().seed(v).build(); }
    public SampleOptions withStartDate(LocalDate v) { return toBuilder().startDate(v).build(); }
    public SampleOptions withDays(int v) { return toBuilder().days(v).build(); }
    public SampleOptions withAppsAtStart(int v) { return toBuilder().appsAtStart(v).build(); }
    public SampleOptions withAppsAtEnd(int v) { return toBuilder().appsAtEnd(v).build(); }
    public SampleOptions withApps(int atStart, int atEnd) { return toBuilder().appsAtStart(atStart).appsAtEnd(atEnd).build(); }
    public SampleOptions withCountries(int v) { return toBuilder().countries(v).build(); }
    public SampleOptions withCreatives(long v) { return toBuilder().creatives(v).build(); }
    public SampleOptions withRestateDays(int v) { return toBuilder().restateDays(v).build(); }
    public SampleOptions withBadRowShare(double v) { return toBuilder().badRowShare(v).build(); }
    public SampleOptions withMessy(boolean v) { return toBuilder().messy(v).build(); }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof SampleOptions)) return false;
        SampleOptions x = (SampleOptions) o;
        return seed == x.seed && days == x.days && appsAtStart == x.appsAtStart && appsAtEnd == x.appsAtEnd
                && countries == x.countries && creatives == x.creatives && restateDays == x.restateDays
                && Double.compare(badRowShare, x.badRowShare) == 0 && messy == x.messy
                && startDate.equals(x.startDate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(seed, startDate, days, appsAtStart, appsAtEnd, countries, creatives, restateDays,
                badRowShare, messy);
    }

    /** The options in words, for a dry run's plan. */
    public String describe() {
        return "seed " + seed + "; " + days + " days from " + startDate + "; " + appsAtStart + " apps at the start, "
            + appsAtEnd + " at the end; " + countries + " countries; " + creatives + " creatives; the last "
            + restateDays + " days restated; " + (badRowShare * 100) + " % bad rows"
            + (messy ? "; messy formats" : "");
    }

    @Override
    public String toString() {
        return "SampleOptions{seed=" + seed + ", startDate=" + startDate + ", days=" + days
                + ", appsAtStart=" + appsAtStart + ", appsAtEnd=" + appsAtEnd + ", countries=" + countries
                + ", creatives=" + creatives + ", restateDays=" + restateDays + ", badRowShare=" + badRowShare
                + ", messy=" + messy + "}";
    }

    /** Mutable builder; starts at the defaults. */
    public static final class Builder {
        private long seed = 42L;
        private LocalDate startDate = LocalDate.of(2025, 1, 1);
        private int days = 60;
        private int appsAtStart = 40;
        private int appsAtEnd = 120;
        private int countries = 20;
        private long creatives = 3_000L;
        private int restateDays = 3;
        private double badRowShare = 0.01;
        private boolean messy = true;

        private Builder() {
        }

        public Builder seed(long v) { seed = v; return this; }
        public Builder startDate(LocalDate v) { startDate = v; return this; }
        public Builder days(int v) { days = v; return this; }
        public Builder appsAtStart(int v) { appsAtStart = v; return this; }
        public Builder appsAtEnd(int v) { appsAtEnd = v; return this; }
        public Builder countries(int v) { countries = v; return this; }
        public Builder creatives(long v) { creatives = v; return this; }
        public Builder restateDays(int v) { restateDays = v; return this; }
        public Builder badRowShare(double v) { badRowShare = v; return this; }
        public Builder messy(boolean v) { messy = v; return this; }

        public SampleOptions build() {
            return new SampleOptions(this);
        }
    }
}
