package dev.hookline.camel;

import java.util.ArrayList;
import java.util.List;

import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.core.EventFormatException;
import dev.hookline.core.EventJson;
import dev.hookline.core.WebhookEvent;
import dev.hookline.core.tracing.TraceContext;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ReceiveMode#ASYNC} hand-off: a callback's events are written, in one broker transaction, to the
 * receiver's durable inbound queue before the provider gets 200 (503 when the broker does not take them). A
 * {@link TransactedQueueReader} reads that queue back, one message per transaction, and runs the route with its
 * events; a failed run is rolled back, and the broker redelivers the message.
 */
final class QueueHandOff implements InboundHandOff {

    private static final Logger LOG = LoggerFactory.getLogger(QueueHandOff.class);

    private final QueueSender inbound;
    private final boolean split;
    private final ObjectMapper handOffReader;
    private final ReceivedEventsEmitter emitter;
    private final TransactedQueueReader reader;

    QueueHandOff(HooklineEndpoint endpoint, ReceivedEventsEmitter emitter) {
        String queue = endpoint.resolvedQueue();
        this.inbound = new QueueSender(endpoint.connectionFactory(), queue);
        this.split = endpoint.isSplit();
        this.handOffReader = EventJson.handOffMapper(endpoint.getMaxBodySize());
        this.emitter = emitter;
        this.reader = new TransactedQueueReader(endpoint.connectionFactory(), queue, null, 1, 0, endpoint.getRetryDelay(),
                (chunk, redelivered, firstOfSession) -> emitHandedOff(chunk.get(0).text(), TraceHeaders.of(chunk.get(0)))
                        ? ChunkVerdict.commit(List.of()) : ChunkVerdict.rollback());
    }

    /** Starts reading the inbound queue on a thread of its own. */
    void start(CamelContext context, Object owner, String threadName) {
        reader.start(context, owner, threadName);
    }

    @Override
    public void stop() {
        reader.stop();
    }

    @Override
    public void accept(List<WebhookEvent> events, TraceContext trace) {
        List<String> messages = new ArrayList<>();
        if (split) {
            for (WebhookEvent e : events) {
                messages.add(EventJson.writeWithRaw(e));
            }
        } else {
            messages.add(writeAllWithRaw(events));
        }
        try {
            inbound.sendAll(messages, TraceHeaders.properties(trace));
        } catch (JMSException | JMSRuntimeException e) {
            LOG.warn("A callback was refused: the broker did not take it onto {} ({})", inbound.queue(), e.toString());
            throw new ReceiveRejection(503, "The broker is unavailable; the callback was not accepted, retry later", false);
        }
    }

    /** Runs the route with a message of the inbound queue: true commits it, false rolls it back for redelivery. */
    private boolean emitHandedOff(String text, TraceContext trace) {
        List<WebhookEvent> events;
        try {
            events = new EventJson().readTree(handOffReader.readTree(text));
        } catch (EventFormatException | NullPointerException | JsonProcessingException e) {
            LOG.error("Dropping an unreadable message from {}: {}", inbound.queue(), e.getMessage());
            return true;
        }
        return emitter.emit(events, trace);
    }

    private static String writeAllWithRaw(List<WebhookEvent> events) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < events.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(EventJson.writeWithRaw(events.get(i)));
        }
        return sb.append(']').toString();
    }
}
