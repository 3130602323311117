package dev.hookline.routes.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(10), 2, Duration.ofMinutes(30), 0.2,
            Duration.ofHours(4));

    @Test
    void doublesUpToTheMaximumDelay() {
        long first = 0;
        assertThat(policy.nextAttempt(1, first, 0, () -> 0.5)).hasValue(10_000);
        assertThat(policy.nextAttempt(2, first, 0, () -> 0.5)).hasValue(20_000);
        assertThat(policy.nextAttempt(5, first, 0, () -> 0.5)).hasValue(160_000);
        assertThat(policy.nextAttempt(20, first, 0, () -> 0.5)).hasValue(30 * 60_000);
    }

    @Test
    void spreadsDelaysByTheJitter() {
        assertThat(policy.nextAttempt(1, 0, 0, () -> 0.0)).hasValue(8_000);
        assertThat(policy.nextAttempt(1, 0, 0, () -> 0.999999)).hasValue(12_000);
    }

    @Test
    void aRetryAfterWaitsLongerThanTheScheduleButNeverShorterAndNeverPastTheWindow() {
        long window = Duration.ofHours(4).toMillis();
        assertThat(policy.nextAttempt(1, 0, 0, () -> 0.5, Duration.ofSeconds(30))).as("asked to wait longer").hasValue(30_000);
        assertThat(policy.nextAttempt(1, 0, 0, () -> 0.5, Duration.ZERO)).as("Retry-After: 0 is no loop").hasValue(10_000);
        assertThat(policy.nextAttempt(1, 0, 0, () -> 0.5, Duration.ofSeconds(2))).hasValue(10_000);
        assertThat(policy.nextAttempt(1, 0, 0, () -> 0.5, Duration.ofDays(365))).as("capped by the window")
                .hasValue(window);
        assertThat(policy.nextAttempt(1, 0, Long.MAX_VALUE / 2, () -> 0.5, Duration.ofDays(365)))
                .as("the window is over").isEmpty();
        assertThat(policy.nextAttempt(1, 0, 0, () -> 0.5, null)).hasValue(10_000);
    }

    @Test
    void neverSchedulesPastTheWindowAndGivesUpAtItsEnd() {
        long window = Duration.ofHours(4).toMillis();
        assertThat(policy.nextAttempt(12, 0, window - 1000, () -> 0.5)).hasValue(window);
        assertThat(policy.nextAttempt(13, 0, window, () -> 0.5)).isEmpty();
    }

    @Test
    void aBatchFailingThroughTheWholeWindowIsTriedOnItsExactSchedule() {
        List<Long> attempts = new ArrayList<>();
        long now = 0;
        int failed = 0;
        while (true) {
            attempts.add(now);
            failed++;
            OptionalLong next = policy.nextAttempt(failed, 0, now, () -> 0.5);
            if (next.isEmpty()) {
                break;
            }
            now = next.getAsLong();
        }
        // 10 s doubling to the 30 min cap (at 2,550 s), then every 30 min, the last one at the window's end (4 h)
        List<Long> seconds = List.of(0L, 10L, 30L, 70L, 150L, 310L, 630L, 1270L, 2550L, 4350L, 6150L, 7950L, 9750L,
                11550L, 13350L, 14400L);
        assertThat(attempts).containsExactlyElementsOf(seconds.stream().map(s -> s * 1000).toList());
    }

    @Test
    void aScheduleWaitsEachOfItsDelaysInTurnThenGivesUp() {
        RetryPolicy schedule = RetryPolicy.schedule(List.of(Duration.ofSeconds(5), Duration.ofSeconds(300),
                Duration.ofSeconds(1800)), 0.2, Duration.ofHours(4));
        assertThat(schedule.nextAttempt(1, 0, 0, () -> 0.5)).hasValue(5_000);
        assertThat(schedule.nextAttempt(2, 0, 10_000, () -> 0.5)).hasValue(310_000);
        assertThat(schedule.nextAttempt(3, 0, 400_000, () -> 0.5)).hasValue(2_200_000);
        assertThat(schedule.nextAttempt(4, 0, 2_300_000, () -> 0.5)).as("the list is used up").isEmpty();
        assertThat(schedule.nextAttempt(1, 0, 0, () -> 0.0)).as("spread by the jitter").hasValue(4_000);
        assertThat(schedule.nextAttempt(1, 0, 0, () -> 0.5, Duration.ofSeconds(60))).as("a Retry-After waits longer")
                .hasValue(60_000);
    }

    @Test
    void aScheduleStaysInsideTheRetryWindow() {
        RetryPolicy schedule = RetryPolicy.schedule(List.of(Duration.ofHours(3), Duration.ofHours(3), Duration.ofHours(3)),
                0, Duration.ofHours(4));
        long window = Duration.ofHours(4).toMillis();
        assertThat(schedule.nextAttempt(1, 0, 0, () -> 0.5)).hasValue(Duration.ofHours(3).toMillis());
        assertThat(schedule.nextAttempt(2, 0, Duration.ofHours(3).toMillis(), () -> 0.5)).as("capped at the window's end")
                .hasValue(window);
        assertThat(schedule.nextAttempt(3, 0, window, () -> 0.5)).as("the window is over").isEmpty();
    }

    @Test
    void aScheduleNeedsPositiveDelays() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RetryPolicy.schedule(List.of(), 0.2, Duration.ofHours(4)))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RetryPolicy.schedule(List.of(Duration.ZERO), 0.2,
                Duration.ofHours(4))).isInstanceOf(IllegalArgumentException.class);
    }
}
