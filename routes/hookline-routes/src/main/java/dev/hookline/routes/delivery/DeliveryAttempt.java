package dev.hookline.routes.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

import dev.hookline.store.BatchRecord;
import dev.hookline.store.BatchStatus;
import dev.hookline.store.BatchStore;
import dev.hookline.store.Subscription;
import dev.hookline.store.SubscriptionRepository;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt to deliver one batch: {@link #prepare} builds the POST, {@link #recordResponse} and
 * {@link #recordFailure} write its outcome. 2xx delivers; 410 deactivates the subscription and keeps the batch as a
 * dead letter; anything else is retried by the {@link RetryPolicy} until its window is over.
 */
public class DeliveryAttempt {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryAttempt.class);

    /** Header carrying the subscription's auth token, as Momentum names it. */
    public static final String TOKEN_HEADER = "X-MessageSystems-Webhook-Token";
    public static final String BATCH_ID_HEADER = "X-Hookline-Batch-Id";
    public static final String EVENT_COUNT_HEADER = "X-Hookline-Event-Count";

    /** Exchange property: the batch being delivered; absent when there is nothing to send. */
    public static final String BATCH = "HooklineBatch";

    private static final int MAX_RESPONSE_IN_ERROR = 300;

    private final BatchStore store;
    private final SubscriptionRepository subscriptions;
    private final RetryPolicy retryPolicy;
    private final Clock clock;
    private final Runnable subscriptionsChanged;

    public DeliveryAttempt(BatchStore store, SubscriptionRepository subscriptions, RetryPolicy retryPolicy, Clock clock,
            Runnable subscriptionsChanged) {
        this.store = store;
        this.subscriptions = subscriptions;
        this.retryPolicy = retryPolicy;
        this.clock = clock;
        this.subscriptionsChanged = subscriptionsChanged;
    }

    public void prepare(Exchange exchange) {
        String batchId = exchange.getMessage().getBody(String.class);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(null);
        Optional<BatchRecord> found = store.find(batchId);
        if (found.isEmpty() || found.get().status() != BatchStatus.READY) {
            return;
        }
        BatchRecord batch = found.get();
        Optional<Subscription> subscription = subscriptions.findById(batch.subscriptionId()).filter(Subscription::isActive);
        if (subscription.isEmpty()) {
            store.markDead(batchId, batch.attempts(), batch.firstAttemptAt(), batch.lastStatus(),
                    "Subscription " + batch.subscriptionId() + " is inactive or deleted");
            return;
        }
        Subscription s = subscription.get();
        exchange.setProperty(BATCH, batch);
        exchange.getMessage().setBody(store.jsonArrayOf(batchId));
        exchange.getMessage().setHeader(Exchange.HTTP_URI, s.getTarget());
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setHeader("User-Agent", "Hookline/0.1");
        exchange.getMessage().setHeader(BATCH_ID_HEADER, batchId);
        exchange.getMessage().setHeader(EVENT_COUNT_HEADER, batch.eventCount());
        if (s.getAuthToken() != null && !s.getAuthToken().isEmpty()) {
            exchange.getMessage().setHeader(TOKEN_HEADER, s.getAuthToken());
        }
    }

    public static boolean hasBatch(Exchange exchange) {
        return exchange.getProperty(BATCH) != null;
    }

    public void recordResponse(Exchange exchange) {
        BatchRecord batch = exchange.getProperty(BATCH, BatchRecord.class);
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        long now = clock.millis();
        if (status >= 200 && status < 300) {
            store.markDelivered(batch.id(), now, status);
            LOG.debug("Delivered batch {} ({} events) to subscription {}: HTTP {}", batch.id(), batch.eventCount(),
                    batch.subscriptionId(), status);
        } else if (status == 410) {
            subscriptions.deactivate(batch.subscriptionId(), "Target answered 410 Gone");
            subscriptionsChanged.run();
            store.markDead(batch.id(), batch.attempts() + 1, firstAttempt(batch, now), status,
                    "HTTP 410 Gone: the subscription was deactivated");
            LOG.info("Subscription {} deactivated: its target answered 410 Gone", batch.subscriptionId());
        } else {
            failed(batch, now, status, "HTTP " + status + responseExcerpt(exchange));
        }
    }

    public void recordFailure(Exchange exchange) {
        BatchRecord batch = exchange.getProperty(BATCH, BatchRecord.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String error = cause == null ? "delivery failed" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        failed(batch, clock.millis(), null, error);
    }

    private void failed(BatchRecord batch, long now, Integer status, String error) {
        int attempts = batch.attempts() + 1;
        long first = firstAttempt(batch, now);
        OptionalLong next = retryPolicy.nextAttempt(attempts, first, now, ThreadLocalRandom.current()::nextDouble);
        if (next.isPresent()) {
            store.scheduleRetry(batch.id(), attempts, first, next.getAsLong(), status, error);
            LOG.debug("Batch {} attempt {} failed ({}); next attempt in {} ms", batch.id(), attempts, error,
                    next.getAsLong() - now);
        } else {
            store.markDead(batch.id(), attempts, first, status, error);
            LOG.warn("Batch {} of subscription {} is a dead letter after {} attempts over the retry window; last error: {}",
                    batch.id(), batch.subscriptionId(), attempts, error);
        }
    }

    private static long firstAttempt(BatchRecord batch, long now) {
        return batch.firstAttemptAt() != null ? batch.firstAttemptAt() : now;
    }

    private static String responseExcerpt(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body == null || body.length == 0) {
            return "";
        }
        String text = new String(body, 0, Math.min(body.length, MAX_RESPONSE_IN_ERROR), StandardCharsets.UTF_8);
        return ": " + text.replaceAll("\\s+", " ").trim();
    }
}
