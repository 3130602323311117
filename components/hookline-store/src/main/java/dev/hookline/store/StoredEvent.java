package dev.hookline.store;

import dev.hookline.core.tracing.TraceContext;

/**
 * An event as stored once for all its copies: its number in fan-out order, its canonical JSON, and the trace context it
 * came with ({@code null} when none), for its delivery to link to.
 */
public record StoredEvent(long seq, String id, String type, long receivedAt, String payload, TraceContext trace) {

    /** An event that came without a trace context. */
    public StoredEvent(long seq, String id, String type, long receivedAt, String payload) {
        this(seq, id, type, receivedAt, payload, null);
    }
}
