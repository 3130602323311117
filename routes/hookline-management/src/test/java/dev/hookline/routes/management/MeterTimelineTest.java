package dev.hookline.routes.management;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MeterTimelineTest {

    private static final long MINUTE = 60_000;

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final SettableClock clock = new SettableClock(100 * MINUTE + 5_000);
    private final MeterTimeline timeline = new MeterTimeline(registry, clock);

    @Test
    void countsWhatEachCounterGrewByInTheMinuteItGrew() {
        registry.counter("hookline.events.received").increment(3);
        registry.counter("hookline.fanout.copies").increment(6);
        timeline.sample();
        clock.now += MINUTE;
        registry.counter("hookline.events.received").increment(2);
        registry.counter("hookline.events.delivered").increment(5);
        registry.counter("hookline.delivery.attempts", "outcome", "failed").increment(4);
        registry.counter("hookline.delivery.attempts", "outcome", "dead").increment(1);
        registry.counter("hookline.delivery.attempts", "outcome", "delivered").increment(9);

        List<MeterTimeline.Minute> hour = timeline.lastHour();

        assertThat(hour).hasSize(60);
        assertThat(hour.get(59).startMillis()).isEqualTo(101 * MINUTE);
        assertThat(hour.get(0).startMillis()).isEqualTo(42 * MINUTE);
        assertThat(hour.get(58).counts()).containsExactly(3, 6, 0, 0, 0);
        assertThat(hour.get(59).counts()).containsExactly(2, 0, 5, 4, 1);
        assertThat(hour.subList(0, 58)).allSatisfy(m -> assertThat(m.counts()).containsOnly(0));
    }

    @Test
    void forgetsMinutesOlderThanAnHour() {
        registry.counter("hookline.events.received").increment(7);
        timeline.sample();
        clock.now += 60 * MINUTE;

        assertThat(timeline.lastHour()).allSatisfy(m -> assertThat(m.counts()).containsOnly(0));
    }

    private static final class SettableClock extends Clock {
        long now;

        SettableClock(long now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now);
        }
    }
}
