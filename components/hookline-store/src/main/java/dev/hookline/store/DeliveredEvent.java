package dev.hookline.store;

/**
 * One event of a per-event format that its target took: the batch's progress to record ({@code deliveredEvents} of
 * its events delivered, the lease extended to {@code leaseUntil}), fenced by the attempt's lease token, and the POST,
 * kept as an attempt of the subscription.
 */
public record DeliveredEvent(String batchId, String leaseToken, int deliveredEvents, long leaseUntil,
        String subscriptionId, AttemptRecord attempt) {
}
