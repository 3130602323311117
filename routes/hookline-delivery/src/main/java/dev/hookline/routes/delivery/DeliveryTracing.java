package dev.hookline.routes.delivery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hookline.core.tracing.EventTracing;
import dev.hookline.core.tracing.TraceContext;
import dev.hookline.core.tracing.TracedStep;
import dev.hookline.routes.delivery.http.TargetAnswer;
import dev.hookline.routes.delivery.http.TargetRequest;
import dev.hookline.store.BatchStore;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Traces delivery attempts: a step per attempt, linked to the trace contexts its batch's events were stored with (at
 * most {@link EventTracing#MAX_LINKS}), and a step per POST, child of the attempt's, whose context the POST carries as
 * its {@code traceparent} (and {@code tracestate}) header, so that the subscriber's handling joins the trace. With
 * {@link EventTracing#NONE} it does nothing at all, not even read the events' trace contexts.
 */
public final class DeliveryTracing {

    /** Reading more contexts than links are kept finds distinct ones among events that share a publication's. */
    static final int CONTEXTS_READ = 8 * EventTracing.MAX_LINKS;

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryTracing.class);
    private static final String ATTEMPT = "HooklineDeliveryTrace";
    private static final String POST = "HooklinePostTrace";

    private final EventTracing tracing;
    private final BatchStore store;

    public DeliveryTracing(EventTracing tracing, BatchStore store) {
        this.tracing = tracing;
        this.store = store;
    }

    /** No tracing. */
    public static DeliveryTracing none() {
        return new DeliveryTracing(EventTracing.NONE, null);
    }

    private boolean off() {
        return tracing == EventTracing.NONE;
    }

    /** The attempt of the prepared job begins. */
    void attemptStarted(Exchange exchange) {
        DeliveryJob job = exchange.getProperty(DeliveryJob.PROPERTY, DeliveryJob.class);
        if (off() || job == null || job.format() == null) {
            return;
        }
        String batchId = job.batch().id();
        exchange.setProperty(ATTEMPT, tracing.deliver(batchId, job.batch().subscriptionId(), job.batch().eventCount(),
                () -> contextsOf(batchId)));
    }

    /** The batch's events' trace contexts; none when they cannot be read (tracing never fails a delivery). */
    private List<TraceContext> contextsOf(String batchId) {
        try {
            return store.traceContextsOf(batchId, CONTEXTS_READ);
        } catch (RuntimeException e) {
            LOG.warn("Could not read the trace contexts of batch {}; its delivery is traced without links: {}", batchId,
                    e.toString());
            return List.of();
        }
    }

    /** The POST in the body is about to be sent: it gets the POST step's trace context as headers. */
    void postStarting(Exchange exchange) {
        TracedStep attempt = exchange.getProperty(ATTEMPT, TracedStep.class);
        TargetRequest request = exchange.getMessage().getBody(TargetRequest.class);
        if (attempt == null || request == null) {
            return;
        }
        TracedStep post = tracing.post(attempt, request.target());
        exchange.setProperty(POST, post);
        TraceContext context = post.context();
        if (context != null) {
            Map<String, String> headers = new LinkedHashMap<>(request.headers());
            headers.put(TraceContext.TRACEPARENT, context.traceparent());
            if (context.tracestate() != null) {
                headers.put(TraceContext.TRACESTATE, context.tracestate());
            }
            exchange.getMessage().setBody(new TargetRequest(request.target(), headers, request.body(), request.secrets()));
        }
    }

    /** The target answered (or the POST failed). */
    void postAnswered(Exchange exchange) {
        TracedStep post = exchange.getProperty(POST, TracedStep.class);
        if (post == null) {
            return;
        }
        exchange.removeProperty(POST);
        TargetAnswer answer = exchange.getMessage().getBody(TargetAnswer.class);
        if (answer != null && answer.status() > 0) {
            post.answered(answer.status());
        } else if (answer != null && answer.failure() != null) {
            post.failed(new DeliveryFailure(answer.failure()));
        }
        post.close();
    }

    /** The attempt's exchange completed, however it ended. */
    void attemptEnded(Exchange exchange) {
        for (String property : new String[] { POST, ATTEMPT }) {
            TracedStep step = exchange.getProperty(property, TracedStep.class);
            if (step != null) {
                Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
                if (failure != null) {
                    step.failed(failure);
                }
                step.close();
            }
        }
    }

    /** Why a POST failed before any answer, as the span's exception. */
    static final class DeliveryFailure extends RuntimeException {
        DeliveryFailure(String reason) {
            super(reason, null, false, false);
        }
    }
}
