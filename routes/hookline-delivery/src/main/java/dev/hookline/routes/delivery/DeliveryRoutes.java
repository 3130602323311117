package dev.hookline.routes.delivery;

import java.time.Clock;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import dev.hookline.routes.delivery.http.DeliveryHttpComponent;
import dev.hookline.routes.delivery.http.TargetAnswer;
import dev.hookline.routes.delivery.http.TargetHttpClients;
import dev.hookline.routes.delivery.http.TargetRequest;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.AsyncProcessorSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Delivery, as a route per attempt:
 *
 * <pre>
 * seda:hookline-deliver (a claimed batch)
 *   → prepare (read the batch, its subscription and events; format)
 *   → loop while there is a POST to make (one per batch, or one per event, in order)
 *       → the OAuth2 access token, for subscriptions that authenticate with one (asynchronous: no thread waits for the
 *         token endpoint; none: the attempt fails with the reason)
 *       → renew the lease (fenced: an attempt whose lease another claim took over stops here), unless the last
 *         event's progress extended it moments ago
 *       → a token of the subscription's rate limit for every POST after the first (none: the attempt stops, uncounted)
 *       → hookline-delivery-http:&lt;lane&gt; (asynchronous: no thread waits for the target; a connection pool per lane)
 *       → answered (per-event formats save their progress, attempt record and lease in one transaction, fenced by
 *         the lease and shared with the other attempts' delivered events: a group commit the attempt waits for
 *         without holding a thread)
 *   → finish (delivered, retry, dead letter or gone, fenced by the lease)
 * </pre>
 *
 * The poll timer claims due batches; so does the end of every attempt. Whatever happens in the route, including an
 * {@link Error}, the attempt's slot is freed when its exchange completes, and an attempt that failed inside Hookline is
 * recorded as a failed attempt (retried on schedule, never lost). Log lines of an attempt carry the batch and
 * subscription ({@value #MDC_BATCH}, {@value #MDC_SUBSCRIPTION}).
 */
public class DeliveryRoutes extends RouteBuilder {

    /** MDC keys of the batch and subscription a delivery log line is about. */
    public static final String MDC_BATCH = "hookline.batch";
    public static final String MDC_SUBSCRIPTION = "hookline.subscription";

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryRoutes.class);
    private static final String CLAIM = "HooklineDeliveryClaim";
    /** The lane of the attempt, which names the HTTP endpoint (and so the connection pool) its POSTs go through. */
    private static final String LANE = "HooklineDeliveryLane";

    private final long pollMs;
    private final int threads;
    private final TargetHttpClients clients;
    private final DeliveryDispatcher dispatcher;
    private final DeliveryPreparation preparation;
    private final DeliveryOutcomes outcomes;
    private final Clock clock;
    private DeliveryTracing tracing = DeliveryTracing.none();
    private OAuth2Tokens tokens;

    public DeliveryRoutes(long pollMs, int threads, TargetHttpClients clients, DeliveryDispatcher dispatcher,
            DeliveryPreparation preparation, DeliveryOutcomes outcomes, Clock clock) {
        this.pollMs = pollMs;
        this.threads = threads;
        this.clients = clients;
        this.dispatcher = dispatcher;
        this.preparation = preparation;
        this.outcomes = outcomes;
        this.clock = clock;
    }

    /** How attempts and their POSTs are traced; by default not at all. */
    public DeliveryRoutes tracing(DeliveryTracing tracing) {
        this.tracing = tracing;
        return this;
    }

    /** Where access tokens come from for subscriptions that authenticate with {@code oauth2_client_credentials}. */
    public DeliveryRoutes oauth2(OAuth2Tokens tokens) {
        this.tokens = tokens;
        return this;
    }

    @Override
    public void configure() {
        if (getContext().hasComponent(DeliveryHttpComponent.SCHEME) == null) {
            getContext().addComponent(DeliveryHttpComponent.SCHEME, new DeliveryHttpComponent(clients, threads));
        }
        String queue = "seda:hookline-deliver?concurrentConsumers=" + threads + "&size=100000";
        ProducerTemplate toRoute = getContext().createProducerTemplate();
        dispatcher.attach(claim -> toRoute.sendBody(queue, ExchangePattern.InOnly, claim));

        outcomes.recordDeliveredEventsOn(
                getContext().getExecutorServiceManager().newSingleThreadExecutor(this, "hookline-delivery-progress"));

        // attempts go on here after waiting, without a thread, for a group commit or a token endpoint
        Executor resumed = getContext().getExecutorServiceManager().newFixedThreadPool(this, "hookline-delivery-resumed",
                threads);

        from("timer:hookline-delivery?period=" + pollMs + "&delay=" + pollMs)
                .routeId("hookline-delivery-poll")
                .process(e -> dispatcher.dispatch());

        from(queue)
                .routeId("hookline-deliver")
                .onException(Throwable.class).handled(true).process(logged(this::failedInside)).end()
                .onCompletion().process(e -> {
                    DeliveryClaim claim = e.getProperty(CLAIM, DeliveryClaim.class);
                    if (claim != null) {
                        dispatcher.finished(claim);
                    }
                }).process(tracing::attemptEnded).end()
                .process(e -> {
                    DeliveryClaim claim = e.getMessage().getBody(DeliveryClaim.class);
                    e.setProperty(CLAIM, claim);
                    e.setProperty(LANE, DeliveryHttpComponent.endpointName(claim.lane()));
                })
                .process(logged(preparation))
                .process(logged(tracing::attemptStarted))
                .loopDoWhile(e -> job(e) != null && job(e).hasNextPost())
                    .process(new GetBearer(resumed))
                    .process(logged(e -> {
                        dispatcher.touch(job(e).claim());
                        e.getMessage().setBody(null);
                        if (job(e).hasNextPost() && outcomes.renewLease(job(e)) && outcomes.tokenForNextPost(job(e))) {
                            try {
                                e.getMessage().setBody(job(e).nextRequest(clock.instant(), tokens));
                            } catch (OAuth2Tokens.TokenUnavailable noToken) {
                                job(e).noToken(noToken.getMessage());
                                LOG.info("Delivery of batch {} not attempted: {}", job(e).batch().id(),
                                        noToken.getMessage());
                            }
                        }
                    }))
                    .filter(e -> !job(e).isLeaseLost() && e.getMessage().getBody() instanceof TargetRequest)
                        .process(logged(tracing::postStarting))
                        .toD(DeliveryHttpComponent.SCHEME + ":${exchangeProperty." + LANE + "}")
                        .process(logged(tracing::postAnswered))
                        .process(new RecordAnswer(resumed))
                    .end()
                .end()
                .filter(e -> job(e) != null)
                    .process(logged(e -> outcomes.finish(job(e))));
    }

    private void failedInside(Exchange e) {
        Throwable cause = e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        DeliveryJob job = job(e);
        if (job != null) {
            outcomes.failedInternally(job, cause);
        } else {
            DeliveryClaim claim = e.getProperty(CLAIM, DeliveryClaim.class);
            LOG.error("Delivery of batch {} failed before its attempt began; its lease runs out and it is claimed again",
                    claim == null ? "?" : claim.batchId(), cause);
        }
    }

    /**
     * A step of an attempt that waits for something (a future) without holding a thread: it starts the wait, and the
     * attempt goes on on one of {@code resume}'s threads once the future is done (on the caller's when it already is).
     */
    private abstract static class ResumedStep<T> extends AsyncProcessorSupport {

        private final Executor resume;

        ResumedStep(Executor resume) {
            this.resume = resume;
        }

        /** What the step waits for, or {@code null} when it has nothing to wait for. */
        abstract CompletableFuture<T> start(Exchange e);

        /** Hands the finished future's result (or failure) to the attempt. */
        abstract void finish(CompletableFuture<T> done, Exchange e);

        @Override
        public boolean process(Exchange e, AsyncCallback callback) {
            CompletableFuture<T> waited;
            try {
                waited = inMdc(e, () -> start(e));
            } catch (RuntimeException | Error failure) {
                e.setException(failure instanceof Error error ? new DeliveryError(error) : failure);
                callback.done(true);
                return true;
            }
            if (waited == null || waited.isDone()) {
                if (waited != null) {
                    finish(waited, e);
                }
                callback.done(true);
                return true;
            }
            waited.whenComplete((result, failure) -> {
                Runnable goOn = () -> {
                    finish(waited, e);
                    callback.done(false);
                };
                try {
                    resume.execute(goOn);
                } catch (RejectedExecutionException stopping) {
                    goOn.run();
                }
            });
            return false;
        }

        /** The failure a finished future ended with, unwrapped, or {@code null}. */
        static Throwable failureOf(CompletableFuture<?> done) {
            try {
                done.join();
                return null;
            } catch (CompletionException | CancellationException failed) {
                return failed.getCause() == null ? failed : failed.getCause();
            }
        }

        static void fail(Exchange e, Throwable cause) {
            e.setException(cause instanceof Error error ? new DeliveryError(error) : cause);
        }
    }

    /**
     * Records what a POST came to ({@link DeliveryOutcomes#answered}) without holding a thread while a per-event
     * format's progress waits for its group commit.
     */
    private final class RecordAnswer extends ResumedStep<Void> {

        RecordAnswer(Executor resume) {
            super(resume);
        }

        @Override
        CompletableFuture<Void> start(Exchange e) {
            return outcomes.answered(job(e), e.getMessage().getBody(TargetAnswer.class));
        }

        @Override
        void finish(CompletableFuture<Void> recorded, Exchange e) {
            Throwable failure = failureOf(recorded);
            if (failure != null) {
                fail(e, failure);
            }
        }
    }

    /**
     * Gets the OAuth2 access token of the next POST, when the subscription authenticates with one, without holding a
     * thread while the token endpoint answers ({@link OAuth2Tokens#bearer}). When no token can be got, the attempt ends
     * with that reason and is retried on schedule.
     */
    private final class GetBearer extends ResumedStep<OAuth2Tokens.Bearer> {

        GetBearer(Executor resume) {
            super(resume);
        }

        @Override
        CompletableFuture<OAuth2Tokens.Bearer> start(Exchange e) {
            return tokens == null || !job(e).needsBearer() ? null : job(e).bearerFrom(tokens);
        }

        @Override
        void finish(CompletableFuture<OAuth2Tokens.Bearer> bearer, Exchange e) {
            inMdc(e, () -> {
                Throwable failure = failureOf(bearer);
                if (failure == null) {
                    job(e).bearer(bearer.join());
                } else if (failure instanceof OAuth2Tokens.TokenUnavailable noToken) {
                    job(e).noToken(noToken.getMessage());
                    LOG.info("Delivery of batch {} not attempted: {}", job(e).batch().id(), noToken.getMessage());
                } else {
                    fail(e, failure);
                }
                return null;
            });
        }
    }

    private static <T> T inMdc(Exchange e, java.util.function.Supplier<T> step) {
        DeliveryClaim claim = e.getProperty(CLAIM, DeliveryClaim.class);
        if (claim != null) {
            MDC.put(MDC_BATCH, claim.batchId());
            MDC.put(MDC_SUBSCRIPTION, claim.subscriptionId());
        }
        try {
            return step.get();
        } finally {
            MDC.remove(MDC_BATCH);
            MDC.remove(MDC_SUBSCRIPTION);
        }
    }

    private static DeliveryJob job(Exchange e) {
        return e.getProperty(DeliveryJob.PROPERTY, DeliveryJob.class);
    }

    /**
     * Runs a step with the batch and subscription in the MDC (steps may run on different threads), and turns an
     * {@link Error} into an exception the route's error handling sees, so that no step can end an attempt unrecorded.
     */
    private static Processor logged(Processor step) {
        return e -> {
            DeliveryClaim claim = e.getProperty(CLAIM, DeliveryClaim.class);
            if (claim != null) {
                MDC.put(MDC_BATCH, claim.batchId());
                MDC.put(MDC_SUBSCRIPTION, claim.subscriptionId());
            }
            try {
                step.process(e);
            } catch (Error error) {
                throw new DeliveryError(error);
            } finally {
                MDC.remove(MDC_BATCH);
                MDC.remove(MDC_SUBSCRIPTION);
            }
        };
    }

    /** An {@link Error} thrown by a delivery step, carried as an exception so that the route handles it. */
    static final class DeliveryError extends RuntimeException {
        DeliveryError(Error cause) {
            super(cause.toString(), cause);
        }
    }
}
