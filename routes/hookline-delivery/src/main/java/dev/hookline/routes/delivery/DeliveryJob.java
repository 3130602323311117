package dev.hookline.routes.delivery;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.hookline.core.CanonicalEvent;
import dev.hookline.core.outbound.OutboundFormat;
import dev.hookline.routes.delivery.http.TargetAnswer;
import dev.hookline.routes.delivery.http.TargetRequest;
import dev.hookline.routes.delivery.tls.TargetTls;
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
    private OAuth2Tokens tokens;
    private OAuth2Tokens.Bearer bearer;
    /** The access token got for the next POST before it is made, or null. */
    private OAuth2Tokens.Bearer prepared;
    private boolean retriedWithNewToken;
    private int postsStarted;
    private boolean waitsForToken;
    /** The subscription's target authentication and TLS, read once for all the POSTs of this attempt. */
    private TargetAuth auth;
    private TargetTls tls;
    private boolean targetAccessRead;
    /** When this attempt last extended its lease (clock millis), or -1 before it has. */
    private long leaseExtendedAt = -1;

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
        if (deadReason != null || leaseLost || waitsForToken || (last != null && !last.delivered())) {
            return false;
        }
        return eventPayloads != null ? next < eventPayloads.size() : batchBody != null && next == 0;
    }

    private void readTargetAccess() {
        if (!targetAccessRead) {
            auth = TargetAuth.fromJson(subscription.getTargetAuth());
            tls = TargetTls.fromJson(subscription.getTargetTls());
            targetAccessRead = true;
        }
    }

    /**
     * Whether the next POST needs an OAuth2 access token that has not been got for it yet ({@link #bearerFrom}): the
     * delivery route gets it first, without a thread waiting for the token endpoint.
     */
    boolean needsBearer() {
        readTargetAccess();
        return auth != null && auth.isOAuth2() && prepared == null;
    }

    /** Gets the access token for the next POST from {@code tokens}; {@link #bearer} hands it over when it is there. */
    CompletableFuture<OAuth2Tokens.Bearer> bearerFrom(OAuth2Tokens tokens) {
        readTargetAccess();
        this.tokens = tokens;
        return tokens.bearer(auth.oauth2(), tls);
    }

    /** The access token the next POST carries. */
    void bearer(OAuth2Tokens.Bearer bearer) {
        this.prepared = bearer;
    }

    /** The next POST, without OAuth2. */
    TargetRequest nextRequest(Instant now) {
        return nextRequest(now, null);
    }

    /**
     * The next POST, carrying an OAuth2 access token from {@code tokens} when the subscription authenticates with the
     * client-credentials grant.
     *
     * @throws OAuth2Tokens.TokenUnavailable when no token can be got (the attempt fails with that reason)
     */
    TargetRequest nextRequest(Instant now, OAuth2Tokens tokens) {
        readTargetAccess();
        bearer = null;
        if (auth != null && auth.isOAuth2()) {
            if (tokens == null) {
                throw new IllegalStateException("no OAuth2 token source to authenticate to the target with");
            }
            this.tokens = tokens;
            bearer = prepared != null ? prepared : tokens.token(auth.oauth2(), tls);
            prepared = null;
        }
        String token = bearer == null ? null : bearer.value();
        postsStarted++;
        if (eventPayloads == null) {
            lastMessageId = batch.id();
            return DeliveryRequests.delivery(subscription, auth, tls, batch.id(), batch.id(), batch.eventCount(),
                    format.contentType(), batchBody, now, token);
        }
        CanonicalEvent event = CanonicalEvent.of(eventPayloads.get(next));
        lastMessageId = event.id();
        return DeliveryRequests.delivery(subscription, auth, tls, event.id(), batch.id(), 1, format.contentType(),
                format.eventOfStored(event), now, token);
    }

    /**
     * Takes what the last POST came to; a delivered one moves on to the next event. A 401 to a POST that carried a kept
     * OAuth2 token (revoked, or the target's keys changed, before it expired) drops that token and makes the same POST
     * once more in this attempt with a new one; a 401 to a new token is the attempt's answer.
     */
    void answered(TargetAnswer answer) {
        if (answer.status() == 401 && bearer != null) {
            tokens.forget(auth.oauth2(), tls);
            if (!bearer.fresh() && !retriedWithNewToken) {
                retriedWithNewToken = true;
                bearer = null;
                return;
            }
        }
        last = answer;
        if (answer.delivered()) {
            next++;
        }
    }

    /** No OAuth2 token could be got for the next POST: the attempt ends with that reason, and is retried on schedule. */
    void noToken(String reason) {
        last = TargetAnswer.failed(reason, 0);
    }

    /** True when every event is delivered (for per-event formats possibly by earlier attempts). */
    boolean allDelivered() {
        return deadReason == null && !leaseLost && !waitsForToken && (last == null || last.delivered())
                && (eventPayloads != null ? next >= eventPayloads.size() : next == 1);
    }

    boolean perEvent() {
        return eventPayloads != null;
    }

    /** Events delivered so far, for a per-event format's progress. */
    int deliveredEvents() {
        return next;
    }

    /** POSTs this attempt has started: the first one's token was taken with the claim. */
    int postsStarted() {
        return postsStarted;
    }

    /**
     * The subscription's rate limit has no token for the next POST: the attempt ends here, as no attempt at all (the
     * events delivered so far are recorded), and the batch is claimed again when a token is there.
     */
    void waitForToken() {
        waitsForToken = true;
    }

    boolean waitsForToken() {
        return waitsForToken;
    }

    /** This attempt extended its lease at {@code at} (clock millis), to a whole lease from then. */
    void leaseExtended(long at) {
        leaseExtendedAt = at;
    }

    /** When this attempt last extended its lease, or -1 before it has (the claim took it). */
    long leaseExtendedAt() {
        return leaseExtendedAt;
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
