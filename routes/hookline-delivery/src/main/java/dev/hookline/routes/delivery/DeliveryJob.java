package dev.hookline.routes.delivery;

import java.time.Instant;
import java.util.List;

import dev.hookline.core.CanonicalEvent;
import dev.hookline.core.outbound.OutboundFormat;
import dev.hookline.routes.delivery.http.TargetAnswer;
import dev.hookline.routes.delivery.http.TargetRequest;
import dev.hookline.store.BatchRecord;
import dev.hookline.store.Subscription;

/**
 * One attempt at one claimed batch, as it goes through the delivery route: the POSTs to make (one for batch formats;
 * for per-event formats one per event, in order, from the first one the target has not taken), and how far it got.
 * A failed POST ends the attempt; so does a lease that another claim has taken over.
 */
final class DeliveryJob {

    /** Exchange property holding the job. */
    static final String PROPERTY = "HooklineDeliveryJob";

    private final DeliveryClaim claim;
    private final BatchRecord batch;
    private final Subscription subscription;
    private final OutboundFormat format;
    private final String deadReason;
    private byte[] batchBody;
    private List<String> eventPayloads;
    private int next;
    private TargetAnswer last;
    private String lastMessageId;
    private boolean leaseLost;

    private DeliveryJob(DeliveryClaim claim, BatchRecord batch, Subscription subscription, OutboundFormat format,
            String deadReason) {
        this.claim = claim;
        this.batch = batch;
        this.subscription = subscription;
        this.format = format;
        this.deadReason = deadReason;
    }

    /** A batch that cannot be delivered at all (its subscription is gone, or no connector sends its format). */
    static DeliveryJob undeliverable(DeliveryClaim claim, BatchRecord batch, Subscription subscription, String reason) {
        return new DeliveryJob(claim, batch, subscription, null, reason);
    }

    /** A batch to deliver in a format; what to POST is set by {@link #postBatch} or {@link #postEvents}. */
    static DeliveryJob of(DeliveryClaim claim, BatchRecord batch, Subscription subscription, OutboundFormat format) {
        return new DeliveryJob(claim, batch, subscription, format, null);
    }

    OutboundFormat format() {
        return format;
    }

    /** A batch format: one POST with every event. */
    void postBatch(byte[] body) {
        this.batchBody = body;
    }

    /** A per-event format: one POST per event, from the first one not yet delivered. */
    void postEvents(List<String> payloads) {
        this.eventPayloads = payloads;
        this.next = batch.deliveredEvents();
    }

    boolean hasNextPost() {
        if (deadReason != null || leaseLost || (last != null && !last.delivered())) {
            return false;
        }
        return eventPayloads != null ? next < eventPayloads.size() : batchBody != null && next == 0;
    }

    /** The next POST. */
    TargetRequest nextRequest(Instant now) {
        if (eventPayloads == null) {
            lastMessageId = batch.id();
            return DeliveryRequests.delivery(subscription, batch.id(), batch.id(), batch.eventCount(),
                    format.contentType(), batchBody, now);
        }
        CanonicalEvent event = CanonicalEvent.of(eventPayloads.get(next));
        lastMessageId = event.id();
        return DeliveryRequests.delivery(subscription, event.id(), batch.id(), 1, format.contentType(),
                format.eventOfStored(event), now);
    }

    /** Takes what the last POST came to; a delivered one moves on to the next event. */
    void answered(TargetAnswer answer) {
        last = answer;
        if (answer.delivered()) {
            next++;
        }
    }

    /** True when every event is delivered (for per-event formats possibly by earlier attempts). */
    boolean allDelivered() {
        return deadReason == null && !leaseLost && (last == null || last.delivered())
                && (eventPayloads != null ? next >= eventPayloads.size() : next == 1);
    }

    boolean perEvent() {
        return eventPayloads != null;
    }

    /** Events delivered so far, for a per-event format's progress. */
    int deliveredEvents() {
        return next;
    }

    void leaseLost() {
        leaseLost = true;
    }

    boolean isLeaseLost() {
        return leaseLost;
    }

    DeliveryClaim claim() {
        return claim;
    }

    BatchRecord batch() {
        return batch;
    }

    Subscription subscription() {
        return subscription;
    }

    String deadReason() {
        return deadReason;
    }

    TargetAnswer lastAnswer() {
        return last;
    }

    String lastMessageId() {
        return lastMessageId;
    }
}
