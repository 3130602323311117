package dev.hookline.routes.intake;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void burstsUpToItsRateThenRefillsAtItsRate() {
        TokenBucket bucket = new TokenBucket(10, nanos::get);
        assertThat(bucket.take(6)).isZero();
        assertThat(bucket.take(4)).isZero();
        assertThat(bucket.take(1)).as("empty: a second until one more").isEqualTo(1);
        nanos.addAndGet(300_000_000L); // 3 tokens
        assertThat(bucket.take(3)).isZero();
        assertThat(bucket.take(1)).isEqualTo(1);
        nanos.addAndGet(10_000_000_000L); // never more than one second's worth
        assertThat(bucket.take(10)).isZero();
        assertThat(bucket.take(1)).isEqualTo(1);
    }

    @Test
    void aWaitIsTheSecondsUntilTheTokensAreThereAndMoreThanItHoldsIsNever() {
        TokenBucket bucket = new TokenBucket(2, nanos::get);
        assertThat(bucket.take(2)).isZero();
        assertThat(bucket.take(2)).isEqualTo(1);
        assertThat(bucket.take(3)).isEqualTo(-1);
        TokenBucket slow = new TokenBucket(1, nanos::get);
        assertThat(slow.take(1)).isZero();
        assertThat(slow.take(1)).isEqualTo(1);
    }
}
