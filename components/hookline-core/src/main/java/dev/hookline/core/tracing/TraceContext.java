package dev.hookline.core.tracing;

import java.util.regex.Pattern;

/**
 * A W3C trace context as it travels with an event: the {@code traceparent} of the span the event belongs to, and the
 * vendors' {@code tracestate} that goes with it. Events carry it from the door they came in by (an HTTP header, a JMS
 * message property, the current span of a Camel route) into the store, so that fan-out and delivery, later and maybe
 * on another node, can continue or link to the trace. Only well-formed values are kept: a malformed
 * {@code traceparent} is no trace context at all, and a malformed or oversized {@code tracestate} is dropped.
 *
 * @param traceparent {@code 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>}
 * @param tracestate  the vendors' list, or {@code null}
 */
public record TraceContext(String traceparent, String tracestate) {

    /** The W3C header, JMS property and column name of the trace parent. */
    public static final String TRACEPARENT = "traceparent";
    /** The W3C header, JMS property and column name of the trace state. */
    public static final String TRACESTATE = "tracestate";
    /** The longest {@code tracestate} kept (32 members of the W3C limits fit in it). */
    public static final int MAX_TRACESTATE = 512;

    private static final Pattern PARENT = Pattern.compile("00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}");
    private static final Pattern STATE = Pattern.compile("[\\x20-\\x7e]*");

    public TraceContext {
        if (traceparent == null || !PARENT.matcher(traceparent).matches()) {
            throw new IllegalArgumentException("Not a W3C traceparent: " + traceparent);
        }
        if (tracestate != null && (tracestate.isBlank() || tracestate.length() > MAX_TRACESTATE
                || !STATE.matcher(tracestate).matches())) {
            tracestate = null;
        }
    }

    /** The trace context of these values, or {@code null} when {@code traceparent} is missing or malformed. */
    public static TraceContext of(Object traceparent, Object tracestate) {
        if (!(traceparent instanceof String parent)) {
            return null;
        }
        String p = parent.trim();
        if (!PARENT.matcher(p).matches()) {
            return null;
        }
        return new TraceContext(p, tracestate instanceof String s ? s.trim() : null);
    }

    public String traceId() {
        return traceparent.substring(3, 35);
    }

    public String spanId() {
        return traceparent.substring(36, 52);
    }
}
