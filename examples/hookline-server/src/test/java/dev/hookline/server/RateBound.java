package dev.hookline.server;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks POSTs a target received against a token bucket of {@code burst} tokens refilled at {@code perSecond}: no run
 * of them may hold more POSTs than the bucket could give in its time. Delivered one at a time (a subscription's POSTs
 * are sequential when {@code max_in_flight} is 1), the token of POST n is taken after POST n-1 arrived, so the run
 * from POST i to POST j had its tokens within the time from the arrival of POST i-1 (for the first, from
 * {@code since}) to that of POST j: at most {@code burst + perSecond * time} of them. An upper bound only: a loaded
 * machine may deliver slower, never faster.
 */
final class RateBound {

    private RateBound() {
    }

    /** Asserts the bound for POSTs that arrived at {@code arrivals} (epoch ms, in order), the first token not before {@code since}. */
    static void assertWithin(List<Long> arrivals, long since, int perSecond, int burst) {
        for (int i = 0; i < arrivals.size(); i++) {
            long from = i == 0 ? since : arrivals.get(i - 1);
            for (int j = i; j < arrivals.size(); j++) {
                long millis = arrivals.get(j) - from;
                double allowed = burst + perSecond * (millis + 5) / 1000.0; // 5 ms: the clocks' rounding
                int posts = j - i + 1;
                assertThat((double) posts).as("POSTs %d to %d arrived within %d ms of the token before them: at most %.2f "
                        + "at %d a second with bursts of %d", i, j, millis, allowed, perSecond, burst)
                        .isLessThanOrEqualTo(allowed);
            }
        }
    }

    /** The most POSTs that arrived within any one second. */
    static int mostInOneSecond(List<Long> arrivals) {
        int most = 0;
        for (int i = 0, j = 0; j < arrivals.size(); j++) {
            while (arrivals.get(j) - arrivals.get(i) >= 1000) {
                i++;
            }
            most = Math.max(most, j - i + 1);
        }
        return most;
    }
}
