package dev.hookline.routes.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A subscription's retry schedule as it is stored: delays in whole seconds, comma-separated ({@code "5,300,1800"}).
 * The management API checks a schedule before it is stored ({@link #MAX_DELAYS} delays at most, each from 1 s to
 * {@link #MAX_DELAY_SECONDS}).
 */
public final class RetrySchedule {

    public static final int MAX_DELAYS = 50;
    public static final long MAX_DELAY_SECONDS = 24 * 3600;

    private RetrySchedule() {
    }

    /** The stored form of {@code seconds}. */
    public static String format(List<Long> seconds) {
        return seconds.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** The delays of a stored schedule. */
    public static List<Duration> parse(String stored) {
        List<Duration> delays = new ArrayList<>();
        for (String s : stored.split(",")) {
            delays.add(Duration.ofSeconds(Long.parseLong(s.trim())));
        }
        return delays;
    }

    /** The delays of a stored schedule, in seconds, as the API shows them. */
    public static List<Long> seconds(String stored) {
        return parse(stored).stream().map(Duration::toSeconds).toList();
    }
}
