package dev.hookline.core;

import java.time.Instant;

/**
 * The bounds of a plausible event time given in seconds since the epoch: from 1970 up to the year 3000. A time
 * outside them is a unit mistake (milliseconds sent as seconds) or hostile, and is refused rather than stored as a
 * date nobody can read back.
 */
public final class EpochSeconds {

    /** 3000-01-01T00:00:00Z, the latest time accepted. */
    public static final long MAX = 32503680000L;

    private EpochSeconds() {
    }

    public static boolean isPlausible(long seconds) {
        return seconds >= 0 && seconds <= MAX;
    }

    public static boolean isPlausible(double seconds) {
        return Double.isFinite(seconds) && seconds >= 0 && seconds <= MAX;
    }

    /** The instant of a plausible time in seconds, fractions kept to the nanosecond. */
    public static Instant toInstant(double seconds) {
        long whole = (long) seconds;
        return Instant.ofEpochSecond(whole, Math.round((seconds - whole) * 1e9));
    }
}
