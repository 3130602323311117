package dev.hookline.routes.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

import dev.hookline.core.EventJson;
import dev.hookline.core.StandardWebhookSignature;
import dev.hookline.core.WebhookEvent;
import dev.hookline.core.outbound.OutboundFormat;
import dev.hookline.core.outbound.OutboundFormats;
import dev.hookline.routes.HooklineMetrics;
import dev.hookline.routes.HooklineSettings;
import dev.hookline.store.AttemptRecord;
import dev.hookline.store.BatchRecord;
import dev.hookline.store.BatchStatus;
import dev.hookline.store.BatchStore;
import dev.hookline.store.Subscription;
import dev.hookline.store.SubscriptionRepository;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One attempt to deliver one batch in its subscription's format: one POST for batch formats, or the batch's events'
 * POSTs in order for per-event formats, where a failure stops the attempt and the next one resumes at the first event
 * the target has not taken (none is delivered twice because a later one failed). Every POST carries a stable
 * idempotency id ({@code webhook-id}: the batch id, or the event id) and, when the subscription has a signing secret,
 * Standard Webhooks signatures (two during a rotation's grace period).
 *
 * <p>Outcomes: 2xx delivers; 410 deactivates the subscription and keeps the batch as a dead letter; 429 and 503 with
 * Retry-After are retried then (within the retry window); anything else follows the subscription's backoff schedule
 * until the window is over. A subscription that has failed continuously for its auto-disable period is deactivated.
 */
public class DeliveryAttempt {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryAttempt.class);

    /** MDC keys of the batch and subscription a delivery log line is about. */
    public static final String MDC_BATCH = "hookline.batch";
    public static final String MDC_SUBSCRIPTION = "hookline.subscription";

    /** Header carrying the subscription's auth token, as Momentum names it. */
    public static final String TOKEN_HEADER = "X-MessageSystems-Webhook-Token";
    public static final String BATCH_ID_HEADER = "X-Hookline-Batch-Id";
    public static final String EVENT_COUNT_HEADER = "X-Hookline-Event-Count";

    private final BatchStore store;
    private final SubscriptionRepository subscriptions;
    private final HooklineSettings.Delivery defaults;
    private final TargetClient client;
    private final Clock clock;
    private final Runnable subscriptionsChanged;
    private final HooklineMetrics metrics;

    public DeliveryAttempt(BatchStore store, SubscriptionRepository subscriptions, HooklineSettings.Delivery defaults,
            TargetClient client, Clock clock, Runnable subscriptionsChanged, HooklineMetrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.subscriptions = subscriptions;
        this.defaults = defaults;
        this.client = client;
        this.clock = clock;
        this.subscriptionsChanged = subscriptionsChanged;
    }

    /** The format a subscription receives: its own, or the default of the API that created it. */
    public static String formatOf(Subscription s) {
        if (s.getFormat() != null) {
            return s.getFormat();
        }
        return "v2".equals(s.getApi()) ? "fluidsurveys" : "momentum";
    }

    public void deliver(Exchange exchange) {
        String batchId = exchange.getMessage().getBody(String.class);
        // every log line of this attempt carries the batch and, once known, the subscription (structured logs show them)
        try (MDC.MDCCloseable b = MDC.putCloseable(MDC_BATCH, batchId)) {
            deliver(batchId);
        } finally {
            MDC.remove(MDC_SUBSCRIPTION);
        }
    }

    private void deliver(String batchId) {
        Optional<BatchRecord> found = store.find(batchId);
        if (found.isEmpty() || found.get().status() != BatchStatus.READY) {
            return;
        }
        BatchRecord batch = found.get();
        MDC.put(MDC_SUBSCRIPTION, batch.subscriptionId());
        Optional<Subscription> subscription = subscriptions.findById(batch.subscriptionId()).filter(Subscription::isActive);
        if (subscription.isEmpty()) {
            store.markDead(batchId, batch.attempts(), batch.firstAttemptAt(), batch.lastStatus(),
                    "Subscription " + batch.subscriptionId() + " is inactive or deleted");
            return;
        }
        Subscription s = subscription.get();
        OutboundFormat format = OutboundFormats.named(formatOf(s));
        if (format == null) {
            store.markDead(batchId, batch.attempts(), batch.firstAttemptAt(), batch.lastStatus(),
                    "No connector for format " + formatOf(s) + " is installed");
            return;
        }
        List<WebhookEvent> events = events(batchId);
        long started = System.nanoTime();
        TargetClient.Outcome outcome;
        if (format.perEvent()) {
            outcome = null;
            for (int i = batch.deliveredEvents(); i < events.size(); i++) {
                WebhookEvent e = events.get(i);
                outcome = post(s, e.id(), format.contentType(), format.event(e), batchId, 1);
                if (!outcome.delivered()) {
                    if (i > batch.deliveredEvents()) {
                        store.recordProgress(batchId, i);
                    }
                    break;
                }
            }
            if (outcome == null) {
                outcome = new TargetClient.Outcome(204, null, null, null); // everything was delivered by earlier attempts
            }
        } else {
            outcome = post(s, batchId, format.contentType(), format.batch(events), batchId, events.size());
        }
        record(batch, s, outcome, Duration.ofNanos(System.nanoTime() - started));
    }

    private List<WebhookEvent> events(String batchId) {
        EventJson json = new EventJson(clock::instant);
        List<WebhookEvent> events = new ArrayList<>();
        for (String payload : store.payloadsOf(batchId)) {
            events.addAll(json.read(payload));
        }
        return events;
    }

    private TargetClient.Outcome post(Subscription s, String messageId, String contentType, byte[] body, String batchId,
            int eventCount) {
        Instant now = clock.instant();
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(Exchange.CONTENT_TYPE, contentType);
        headers.put("User-Agent", "Hookline/0.1");
        headers.put(BATCH_ID_HEADER, batchId);
        headers.put(EVENT_COUNT_HEADER, eventCount);
        headers.put("webhook-id", messageId);
        long timestamp = now.getEpochSecond();
        headers.put("webhook-timestamp", Long.toString(timestamp));
        String signatures = signatures(s, messageId, timestamp, body, now.toEpochMilli());
        if (signatures != null) {
            headers.put("webhook-signature", signatures);
        }
        if (s.getAuthToken() != null && !s.getAuthToken().isEmpty()) {
            headers.put(TOKEN_HEADER, s.getAuthToken());
        }
        return client.post(s.getTarget(), body, headers, now);
    }

    /** The current secret's signature, and during a rotation's grace period the previous secret's too. */
    static String signatures(Subscription s, String id, long timestamp, byte[] body, long nowMillis) {
        if (s.getSigningSecret() == null) {
            return null;
        }
        String signatures = StandardWebhookSignature.sign(s.getSigningSecret(), id, timestamp, body);
        if (s.getPreviousSigningSecret() != null && s.getPreviousSecretUntil() != null && nowMillis < s.getPreviousSecretUntil()) {
            signatures += " " + StandardWebhookSignature.sign(s.getPreviousSigningSecret(), id, timestamp, body);
        }
        return signatures;
    }

    private void record(BatchRecord batch, Subscription s, TargetClient.Outcome outcome, Duration took) {
        long now = clock.millis();
        int status = outcome.status();
        if (outcome.delivered()) {
            store.markDelivered(batch.id(), now, status);
            keep(batch, s, HooklineMetrics.Outcome.DELIVERED, outcome, took, now);
            metrics.delivered(batch.eventCount(), batch.openedAt(), now);
            if (s.getFailingSince() != null) {
                subscriptions.markHealthy(s.getId());
            }
            LOG.debug("Delivered batch {} ({} events) to subscription {}: HTTP {}", batch.id(), batch.eventCount(),
                    s.getId(), status);
        } else if (status == 410) {
            keep(batch, s, HooklineMetrics.Outcome.GONE, outcome, took, now);
            subscriptions.deactivate(s.getId(), "Target answered 410 Gone");
            subscriptionsChanged.run();
            store.markDead(batch.id(), batch.attempts() + 1, firstAttempt(batch, now), status,
                    "HTTP 410 Gone: the subscription was deactivated");
            LOG.info("Subscription {} deactivated: its target answered 410 Gone", s.getId());
        } else {
            failed(batch, s, now, status == 0 ? null : status, outcome, took);
        }
    }

    /** Counts the attempt and keeps it for the attempts API (a failure to keep it does not undo the delivery). */
    private void keep(BatchRecord batch, Subscription s, HooklineMetrics.Outcome result, TargetClient.Outcome outcome,
            Duration took, long now) {
        metrics.attempt(result, took);
        try {
            store.recordAttempt(s.getId(), new AttemptRecord(batch.id(), now, result.label(),
                    outcome.status() == 0 ? null : outcome.status(), took.toMillis(), outcome.error()));
        } catch (RuntimeException e) {
            LOG.debug("Could not keep the attempt on batch {}: {}", batch.id(), e.getMessage());
        }
    }

    private void failed(BatchRecord batch, Subscription s, long now, Integer status, TargetClient.Outcome outcome,
            Duration took) {
        int attempts = batch.attempts() + 1;
        long first = firstAttempt(batch, now);
        RetryPolicy policy = policyOf(s);
        OptionalLong next = policy.nextAttempt(attempts, first, now, ThreadLocalRandom.current()::nextDouble);
        Duration retryAfter = outcome.retryAfter();
        if (next.isPresent() && retryAfter != null && (outcome.status() == 429 || outcome.status() == 503)) {
            next = OptionalLong.of(Math.min(now + retryAfter.toMillis(), first + policy.windowMs()));
        }
        keep(batch, s, next.isPresent() ? HooklineMetrics.Outcome.FAILED : HooklineMetrics.Outcome.DEAD, outcome, took, now);
        if (next.isPresent()) {
            store.scheduleRetry(batch.id(), attempts, first, next.getAsLong(), status, outcome.error());
            LOG.debug("Batch {} attempt {} failed ({}); next attempt in {} ms", batch.id(), attempts, outcome.error(),
                    next.getAsLong() - now);
        } else {
            store.markDead(batch.id(), attempts, first, status, outcome.error());
            LOG.warn("Batch {} of subscription {} is a dead letter after {} attempts over the retry window; last error: {}",
                    batch.id(), s.getId(), attempts, outcome.error());
        }
        autoDisable(s, now);
    }

    private void autoDisable(Subscription s, long now) {
        if (s.getAutoDisableAfterMs() == null) {
            return;
        }
        if (s.getFailingSince() == null) {
            subscriptions.markFailing(s.getId(), now);
        } else if (now - s.getFailingSince() >= s.getAutoDisableAfterMs()) {
            subscriptions.deactivate(s.getId(), "Failing continuously since " + Instant.ofEpochMilli(s.getFailingSince())
                    + "; re-enable with PUT {\"active\": true}");
            subscriptionsChanged.run();
            LOG.warn("Subscription {} auto-disabled after failing continuously for {} ms", s.getId(), now - s.getFailingSince());
        }
    }

    private RetryPolicy policyOf(Subscription s) {
        Duration initial = s.getRetryInitialDelayMs() != null ? Duration.ofMillis(s.getRetryInitialDelayMs()) : defaults.getInitialDelay();
        Duration max = s.getRetryMaxDelayMs() != null ? Duration.ofMillis(s.getRetryMaxDelayMs()) : defaults.getMaxDelay();
        double multiplier = s.getRetryMultiplier() != null ? s.getRetryMultiplier() : defaults.getMultiplier();
        return new RetryPolicy(initial, multiplier, max, defaults.getJitter(), defaults.getRetryWindow());
    }

    private static long firstAttempt(BatchRecord batch, long now) {
        return batch.firstAttemptAt() != null ? batch.firstAttemptAt() : now;
    }
}
