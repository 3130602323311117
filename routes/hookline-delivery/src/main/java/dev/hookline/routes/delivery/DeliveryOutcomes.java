package dev.hookline.routes.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;

import dev.hookline.routes.delivery.http.TargetAnswer;
import dev.hookline.store.AttemptRecord;
import dev.hookline.store.BatchRecord;
import dev.hookline.store.BatchStore;
import dev.hookline.store.DeliveredEvent;
import dev.hookline.store.Subscription;
import dev.hookline.store.SubscriptionRepository;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what an attempt came to. Every change is fenced by the attempt's lease token: when another claim has taken
 * the batch over (this attempt's lease ran out), nothing is recorded and the attempt stops.
 *
 * <p>Outcomes: 2xx delivers; 410 deactivates the subscription and keeps the batch as a dead letter; 429 and 503 with
 * Retry-After are retried then (within the retry window); anything else follows the subscription's backoff schedule
 * until the window is over, and then the batch is a dead letter. Each POST is kept as an attempt for the attempts API.
 * A subscription whose last attempt failed is marked failing (its deliveries move to the retry lane) until one
 * succeeds; one failing continuously for its auto-disable period is deactivated.
 */
public class DeliveryOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryOutcomes.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final BatchStore store;
    private final SubscriptionRepository subscriptions;
    private final DeliverySettings defaults;
    private final Clock clock;
    private final Runnable subscriptionsChanged;
    private final DeliveryMetrics metrics;
    private final DeliveryHealth health;
    private final long leaseMs;
    private final DeliveredEventsWriter writer;

    public DeliveryOutcomes(BatchStore store, SubscriptionRepository subscriptions, DeliverySettings defaults,
            Clock clock, Runnable subscriptionsChanged, DeliveryMetrics metrics, DeliveryHealth health, long leaseMs) {
        this.store = store;
        this.subscriptions = subscriptions;
        this.defaults = defaults;
        this.clock = clock;
        this.subscriptionsChanged = subscriptionsChanged;
        this.metrics = metrics;
        this.health = health;
        this.leaseMs = leaseMs;
        this.writer = new DeliveredEventsWriter(store);
    }

    /**
     * Records per-event formats' delivered events in groups, on a thread of {@code executor} (until it is shut down);
     * before that, and after, each is recorded on its own.
     */
    void recordDeliveredEventsOn(ExecutorService executor) {
        writer.start(executor);
    }

    /**
     * Before each POST: extends the lease for one more POST, unless this attempt extended it (fenced by its token, with
     * its last event's progress) less than a quarter of a lease ago: then more than three quarters of a lease are left,
     * more than a POST's deadline with the margin a renewal gives, and no other claim can hold the batch.
     *
     * @return false when another claim holds the batch now: the attempt stops without posting
     */
    boolean renewLease(DeliveryJob job) {
        long now = clock.millis();
        if (job.leaseExtendedAt() >= 0 && now - job.leaseExtendedAt() < leaseMs / 4) {
            return true;
        }
        if (store.renewLease(job.batch().id(), job.claim().leaseToken(), now + leaseMs)) {
            job.leaseExtended(now);
            return true;
        }
        lost(job);
        return false;
    }

    /**
     * Before each POST after an attempt's first (a per-event format's next event, or a POST made again with a new OAuth2
     * token): takes a token of the subscription's rate limit; without one the attempt waits (see
     * {@link DeliveryJob#waitForToken}).
     *
     * @return false when the attempt must stop for a token
     */
    boolean tokenForNextPost(DeliveryJob job) {
        if (job.postsStarted() == 0 || store.takeToken(job.subscription().getId(), job.subscription().deliveryLimits(),
                clock.millis())) {
            return true;
        }
        job.waitForToken();
        return false;
    }

    /**
     * After each POST: a per-event format saves its progress after every delivered event (a retry resumes after it),
     * its POST's attempt record and its lease's extension for the next POST, in one transaction shared with the events
     * other attempts delivered meanwhile (see {@link DeliveredEventsWriter}).
     *
     * @return completes when what the POST came to is recorded: the attempt may go on (or stop, when its lease was lost)
     */
    CompletableFuture<Void> answered(DeliveryJob job, TargetAnswer answer) {
        job.answered(answer);
        health.attemptEnded();
        if (!job.perEvent() || !answer.delivered()) {
            return DONE;
        }
        long now = clock.millis();
        metrics.attempt(DeliveryMetrics.Outcome.DELIVERED, Duration.ofMillis(answer.tookMs()));
        DeliveredEvent delivered = new DeliveredEvent(job.batch().id(), job.claim().leaseToken(), job.deliveredEvents(),
                now + leaseMs, job.batch().subscriptionId(), attempt(job, DeliveryMetrics.Outcome.DELIVERED, answer, now));
        return writer.record(delivered).thenAccept(applied -> {
            if (applied) {
                job.leaseExtended(now);
            } else {
                lost(job);
            }
        });
    }

    /** After the last POST of the attempt: records the batch's outcome. */
    void finish(DeliveryJob job) {
        if (job.isLeaseLost()) {
            return;
        }
        BatchRecord batch = job.batch();
        long now = clock.millis();
        if (job.waitsForToken()) { // not an attempt: nothing counted, the retry clock untouched
            store.releaseLease(batch.id(), job.claim().leaseToken());
            LOG.debug("Batch {} waits for a token of its subscription's rate limit after {} events", batch.id(),
                    job.deliveredEvents());
            return;
        }
        if (job.deadReason() != null) {
            fenced(job, store.markDead(batch.id(), job.claim().leaseToken(), batch.attempts(), batch.firstAttemptAt(),
                    batch.lastStatus(), job.deadReason()));
            LOG.warn("Batch {} is a dead letter: {}", batch.id(), job.deadReason());
            return;
        }
        Subscription s = job.subscription();
        TargetAnswer answer = job.lastAnswer();
        if (job.allDelivered()) {
            int status = answer == null ? 204 : answer.status(); // 204: earlier attempts delivered every event
            if (!fenced(job, store.markDelivered(batch.id(), job.claim().leaseToken(), now, status))) {
                return;
            }
            if (answer != null && !job.perEvent()) {
                keep(job, DeliveryMetrics.Outcome.DELIVERED, answer, now);
            }
            metrics.delivered(batch.eventCount(), batch.openedAt(), now);
            if (s.getFailingSince() != null) {
                subscriptions.markHealthy(s.getId());
            }
            LOG.debug("Delivered batch {} ({} events) to subscription {}: HTTP {}", batch.id(), batch.eventCount(),
                    s.getId(), status);
        } else if (answer.status() == 410) {
            if (!fenced(job, store.markDead(batch.id(), job.claim().leaseToken(), batch.attempts() + 1,
                    firstAttempt(batch, now), 410, "HTTP 410 Gone: the subscription was deactivated"))) {
                return;
            }
            keep(job, DeliveryMetrics.Outcome.GONE, answer, now);
            subscriptions.deactivate(s.getId(), "Target answered 410 Gone");
            subscriptionsChanged.run();
            LOG.info("Subscription {} deactivated: its target answered 410 Gone", s.getId());
        } else {
            failed(job, answer.status() == 0 ? null : answer.status(), answer.describe(), answer, now);
        }
    }

    /**
     * An attempt that failed inside Hookline (an exception or an Error while preparing or recording it): counted as a
     * failed attempt, so it is retried on the subscription's schedule within the retry window, never lost and never
     * retried in a tight loop.
     */
    void failedInternally(DeliveryJob job, Throwable cause) {
        if (cause instanceof PayloadTransform.TransformFailure) { // the subscription's own expression: not Hookline's
            LOG.warn("Batch {} of subscription {}: {}", job.batch().id(), job.batch().subscriptionId(), cause.getMessage());
            if (!job.isLeaseLost() && job.subscription() != null) {
                failed(job, null, cause.getMessage(), null, clock.millis());
            }
            return;
        }
        metrics.deliveryError();
        LOG.error("Delivery of batch {} to subscription {} failed inside Hookline", job.batch().id(),
                job.batch().subscriptionId(), cause);
        if (job.isLeaseLost() || job.subscription() == null) {
            return;
        }
        failed(job, null, "internal error: " + cause, null, clock.millis());
    }

    private void failed(DeliveryJob job, Integer status, String error, TargetAnswer answer, long now) {
        BatchRecord batch = job.batch();
        Subscription s = job.subscription();
        int attempts = batch.attempts() + 1;
        long first = firstAttempt(batch, now);
        RetryPolicy policy = policyOf(s);
        boolean asksToWait = answer != null && (answer.status() == 429 || answer.status() == 503);
        OptionalLong next = policy.nextAttempt(attempts, first, now, ThreadLocalRandom.current()::nextDouble,
                asksToWait ? answer.retryAfter() : null);
        String token = job.claim().leaseToken();
        if (next.isPresent()) {
            if (!fenced(job, store.scheduleRetry(batch.id(), token, attempts, first, next.getAsLong(), status, error))) {
                return;
            }
            LOG.debug("Batch {} attempt {} failed ({}); next attempt in {} ms", batch.id(), attempts, error,
                    next.getAsLong() - now);
        } else {
            if (!fenced(job, store.markDead(batch.id(), token, attempts, first, status, error))) {
                return;
            }
            LOG.warn("Batch {} of subscription {} is a dead letter after {} attempts over the retry window; last error: {}",
                    batch.id(), s.getId(), attempts, error);
        }
        DeliveryMetrics.Outcome outcome = next.isPresent() ? DeliveryMetrics.Outcome.FAILED : DeliveryMetrics.Outcome.DEAD;
        if (answer != null) {
            keep(job, outcome, answer, now);
        } else {
            keep(job, outcome, TargetAnswer.failed(error, 0), now);
        }
        failing(s, now);
    }

    /** Counts the POST and keeps it for the attempts API (a failure to keep it does not undo the outcome). */
    private void keep(DeliveryJob job, DeliveryMetrics.Outcome result, TargetAnswer answer, long now) {
        metrics.attempt(result, Duration.ofMillis(answer.tookMs()));
        try {
            store.recordAttempt(job.batch().subscriptionId(), attempt(job, result, answer, now));
        } catch (RuntimeException e) {
            LOG.debug("Could not keep the attempt on batch {}: {}", job.batch().id(), e.getMessage());
        }
    }

    /** The attempts API's record of the attempt's last POST (delivered too: what a target answers is worth seeing). */
    private static AttemptRecord attempt(DeliveryJob job, DeliveryMetrics.Outcome result, TargetAnswer answer, long now) {
        return new AttemptRecord(job.batch().id(), job.lastMessageId(), now, result.label(),
                answer.status() == 0 ? null : answer.status(), answer.tookMs(), answer.describe());
    }

    private boolean fenced(DeliveryJob job, boolean applied) {
        if (!applied) {
            lost(job);
        }
        return applied;
    }

    private void lost(DeliveryJob job) {
        job.leaseLost();
        metrics.leaseLost();
        LOG.warn("The lease on batch {} ran out while it was being delivered and another attempt holds it now; "
                + "this attempt stops and records nothing", job.batch().id());
    }

    /** Marks the subscription failing (from its first failure on) and deactivates it after its auto-disable period. */
    private void failing(Subscription s, long now) {
        if (s.getFailingSince() == null) {
            subscriptions.markFailing(s.getId(), now);
            return;
        }
        if (s.getAutoDisableAfterMs() != null && now - s.getFailingSince() >= s.getAutoDisableAfterMs()) {
            subscriptions.deactivate(s.getId(), "Failing continuously since " + Instant.ofEpochMilli(s.getFailingSince())
                    + "; re-enable with PUT {\"active\": true}");
            subscriptionsChanged.run();
            LOG.warn("Subscription {} auto-disabled after failing continuously for {} ms", s.getId(), now - s.getFailingSince());
        }
    }

    private RetryPolicy policyOf(Subscription s) {
        if (s.getRetrySchedule() != null) {
            return RetryPolicy.schedule(RetrySchedule.parse(s.getRetrySchedule()), defaults.getJitter(),
                    defaults.getRetryWindow());
        }
        Duration initial = s.getRetryInitialDelayMs() != null ? Duration.ofMillis(s.getRetryInitialDelayMs()) : defaults.getInitialDelay();
        Duration max = s.getRetryMaxDelayMs() != null ? Duration.ofMillis(s.getRetryMaxDelayMs()) : defaults.getMaxDelay();
        double multiplier = s.getRetryMultiplier() != null ? s.getRetryMultiplier() : defaults.getMultiplier();
        return new RetryPolicy(initial, multiplier, max, defaults.getJitter(), defaults.getRetryWindow());
    }

    private static long firstAttempt(BatchRecord batch, long now) {
        return batch.firstAttemptAt() != null ? batch.firstAttemptAt() : now;
    }
}
