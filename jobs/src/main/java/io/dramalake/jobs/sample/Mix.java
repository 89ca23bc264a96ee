package io.dramalake.jobs.sample;

/**
 * Counter-based hashing and a SplitMix64 stream: everything the generator draws is a pure function
 * of (seed, what, index), so any record can be re-derived later without storing it, and the output
 * does not depend on the JDK's random-number implementations or on thread scheduling.
 */
final class Mix {
    static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Mix() {
    }

    /** Stafford's variant 13 finaliser (SplitMix64's output function); a bijection on 64 bits. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long hash(long a, long b) {
        return mix64(mix64(a + GOLDEN) ^ (b * 0xD6E8FEB86659FD93L));
    }

    static long hash(long a, long b, long c) {
        return mix64(hash(a, b) ^ (c * 0xC2B2AE3D27D4EB4FL));
    }

    /** Uniform in [0, 1). */
    static double unit(long h) {
        return (h >>> 11) * 0x1.0p-53;
    }

    /** Uniform int in [0, n). */
    static int below(long h, int n) {
        return (int) (((h >>> 32) * n) >>> 32);
    }

    /**
     * Approximately standard normal from one 64-bit hash (Irwin–Hall of four 16-bit uniforms, scaled
     * to unit variance); bounded to about ±3.46, mean 0.
     */
    static double gauss(long h) {
        double s = (h & 0xFFFF) + ((h >>> 16) & 0xFFFF) + ((h >>> 32) & 0xFFFF) + (h >>> 48);
        return (s / 65536.0 - 2.0) * 1.7320508075688772;
    }

    /** A sequential SplitMix64 stream. */
    static final class Rng {
        private long state;

        Rng(long seed) {
            this.state = mix64(seed);
        }

        long next() {
            state += GOLDEN;
            return mix64(state);
        }

        double unit() {
            return Mix.unit(next());
        }

        int below(int n) {
            return Mix.below(next(), n);
        }

        boolean chance(double p) {
            return p > 0 && Mix.unit(next()) < p;
        }

        double gauss() {
            return Mix.gauss(next());
        }

        <T> T pick(T[] a) {
            return a[below(a.length)];
        }
    }
}
