package dev.hookline.routes.batching;

import dev.hookline.store.SubscriptionIndex;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubscriptionCopiesTest {

    @Test
    void copiesAreTheChunksEventsInTheOrderAddedWithTheSubscriptionsLimits() {
        long[] seqs = { 100, 101, 102, 103, 104, 105 };
        long[] bytes = { 10, 11, 12, 13, 14, 15 };
        SubscriptionCopies copies = new SubscriptionCopies(new SubscriptionIndex.Target("orders", 3, 1_000, 2_000),
                seqs, bytes);
        for (int event : new int[] { 0, 2, 3, 4, 5 }) { // past the first capacity of 4
            copies.add(event);
        }
        assertThat(copies.subscriptionId()).isEqualTo("orders");
        assertThat(copies.size()).isEqualTo(5);
        assertThat(copies.copy(0)).isEqualTo(new EventCopy("orders", 100, 10, 3, 1_000, 2_000));
        assertThat(copies.copy(1)).isEqualTo(new EventCopy("orders", 102, 12, 3, 1_000, 2_000));
        assertThat(copies.copy(4)).isEqualTo(new EventCopy("orders", 105, 15, 3, 1_000, 2_000));
        assertThatThrownBy(() -> copies.copy(5)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
