package dev.hookline.routes.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import dev.hookline.core.CanonicalEvent;
import dev.hookline.core.EventJson;
import dev.hookline.core.WebhookEvent;

/**
 * A subscription's JSONata transformation ({@code "transform": {"jsonata": "..."}}), applied to each event's payload
 * (its {@code data}) before the batch is formatted: the expression's result, which must be a JSON object, becomes the
 * event's {@code data}. Evaluation is bounded ({@link #TIMEOUT_MS} ms and {@link #MAX_DEPTH} nested calls per event),
 * so an expression that loops fails instead of holding a delivery thread; the built-in functions that do all their work
 * in one call, where that deadline does not look, are bounded on their own ({@link BoundedBuiltIns}), and what it gives
 * an event may be at most {@link #MAX_RESULT_CHARS} characters of JSON ({@link JsonSize}). A failure is a
 * {@link TransformFailure}: that attempt fails with the reason recorded and the batch is retried on its schedule, never
 * dropped.
 */
public final class PayloadTransform {

    /** The longest an expression may run on one event. */
    public static final long TIMEOUT_MS = 500;
    /** The deepest an expression may nest calls (recursion included). */
    public static final int MAX_DEPTH = 200;
    /** The largest data a transform may give an event, in characters of JSON (or the stored event's size, if larger). */
    public static final int MAX_RESULT_CHARS = 1024 * 1024;
    /** The longest expression a subscription may hold. */
    public static final int MAX_LENGTH = 4096;

    private final Jsonata expression;

    private PayloadTransform(Jsonata expression) {
        this.expression = expression;
    }

    /**
     * Compiles an expression.
     *
     * @throws IllegalArgumentException with the parser's message when it is not JSONata
     */
    public static PayloadTransform compile(String jsonata) {
        if (jsonata == null || jsonata.isBlank() || jsonata.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a JSONata expression of 1 to " + MAX_LENGTH + " characters is needed");
        }
        try {
            return new PayloadTransform(Jsonata.jsonata(jsonata));
        } catch (JException | IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage() == null ? e.toString() : e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            throw new IllegalArgumentException("the expression cannot be parsed (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The stored events with their payloads transformed, in canonical JSON again. */
    public List<String> apply(List<String> storedEvents) {
        List<String> out = new ArrayList<>(storedEvents.size());
        for (String stored : storedEvents) {
            WebhookEvent event = CanonicalEvent.of(stored).toEvent();
            Map<String, Object> data = evaluate(event, stored.length());
            out.add(EventJson.write(new WebhookEvent(event.id(), event.type(), event.source(), event.occurredAt(), data,
                    null, event.account())));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> evaluate(WebhookEvent event, int storedLength) {
        Object result;
        try {
            Jsonata.Frame frame = expression.createFrame();
            frame.setRuntimeBounds(TIMEOUT_MS, MAX_DEPTH);
            BoundedBuiltIns.bindInto(frame, System.nanoTime() + TIMEOUT_MS * 1_000_000);
            result = expression.evaluate(event.data(), frame);
        } catch (RuntimeException | StackOverflowError e) {
            throw new TransformFailure("The transform failed on event " + event.id() + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        if (!(result instanceof Map)) {
            throw new TransformFailure("The transform of event " + event.id() + " gave "
                    + (result == null ? "nothing" : "a " + result.getClass().getSimpleName())
                    + "; it must give a JSON object, the event's new data");
        }
        long maxChars = Math.max(MAX_RESULT_CHARS, storedLength);
        if (!JsonSize.fits(result, maxChars)) {
            throw new TransformFailure("The transform of event " + event.id() + " gave data of more than " + maxChars
                    + " characters of JSON");
        }
        return (Map<String, Object>) result;
    }

    /** A transformation that failed on an event at delivery: the attempt fails with this message. */
    public static final class TransformFailure extends RuntimeException {

        public TransformFailure(String message) {
            super(message);
        }
    }
}
