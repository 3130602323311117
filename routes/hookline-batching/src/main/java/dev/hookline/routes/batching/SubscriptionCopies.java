package dev.hookline.routes.batching;

import java.util.Arrays;

import dev.hookline.store.SubscriptionIndex;

/**
 * A chunk's event copies for one subscription, in the order of their events: what the aggregator adds to the
 * subscription's batch in one step, instead of one Camel exchange per copy. A copy is held as the index of its event
 * among the chunk's events (4 bytes), whose numbers and sizes all of the chunk's groups share: a chunk of 500 events
 * matching 10,000 subscriptions makes 5 million copies, which as one object each took 280 MB of heap.
 */
public final class SubscriptionCopies {

    private final SubscriptionIndex.Target target;
    private final long[] eventSeqs;
    private final long[] eventBytes;
    private int[] events = new int[4];
    private int size;

    /**
     * @param target the subscription and its batch limits
     * @param eventSeqs the numbers of the chunk's events, by index
     * @param eventBytes the bytes of their JSON, by index
     */
    public SubscriptionCopies(SubscriptionIndex.Target target, long[] eventSeqs, long[] eventBytes) {
        this.target = target;
        this.eventSeqs = eventSeqs;
        this.eventBytes = eventBytes;
    }

    /** Adds a copy of the chunk's event at {@code eventIndex}; events are added in their order. */
    public void add(int eventIndex) {
        if (size == events.length) {
            events = Arrays.copyOf(events, size * 2);
        }
        events[size++] = eventIndex;
    }

    public String subscriptionId() {
        return target.subscriptionId();
    }

    /** How many copies. */
    public int size() {
        return size;
    }

    /** The {@code i}th copy, made when asked for. */
    public EventCopy copy(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        int event = events[i];
        return new EventCopy(target.subscriptionId(), eventSeqs[event], eventBytes[event], target.maxEvents(),
                target.maxWaitMs(), target.maxBytes());
    }
}
