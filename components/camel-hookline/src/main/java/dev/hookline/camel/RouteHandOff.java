package dev.hookline.camel;

import java.util.List;

import dev.hookline.core.WebhookEvent;
import dev.hookline.core.tracing.TraceContext;

/** The {@link ReceiveMode#SYNC} hand-off: the route runs before the answer, and a failure answers 500. */
final class RouteHandOff implements InboundHandOff {

    private final ReceivedEventsEmitter emitter;

    RouteHandOff(ReceivedEventsEmitter emitter) {
        this.emitter = emitter;
    }

    @Override
    public void accept(List<WebhookEvent> events, TraceContext trace) {
        if (!emitter.emit(events, trace)) {
            throw new ReceiveRejection(500, "The receiving route failed; the callback was not accepted, retry later", false);
        }
    }
}
