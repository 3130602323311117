package dev.hookline.camel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hookline.core.CanonicalSeal;
import dev.hookline.core.EventAccounts;
import dev.hookline.core.EventIdRegistry;
import dev.hookline.core.EventCheck;
import dev.hookline.core.EventFormatException;
import dev.hookline.core.EventJson;
import dev.hookline.core.HooklineHeaders;
import dev.hookline.core.Partitions;
import dev.hookline.core.StrictJson;
import dev.hookline.core.WebhookEvent;
import dev.hookline.core.tracing.EventTracing;
import dev.hookline.core.tracing.TraceContext;
import dev.hookline.core.tracing.TracedStep;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * Validates the body as one or more events and puts them on the partitioned queue as one persistent message per
 * partition (one message, in the usual case of events of one account; more where a partition's events would make a
 * message larger than {@code maxBodySize}), in one transaction, each in its partition's message group. Returns once
 * the broker holds the message; the body is then the list of accepted events (with assigned ids and times). With an
 * {@link dev.hookline.core.HooklineHeaders#ACCOUNT} header, the events belong to that account (an event naming another
 * is refused). With an {@link EventIdRegistry}, the events' ids are recorded first: an id received before with other content fails with
 * an {@link dev.hookline.core.EventIdConflictException} and nothing is sent. The message carries the events' trace
 * context as its {@code traceparent} and {@code tracestate} properties: the current span's (a traced route), else the
 * exchange's {@code traceparent} header's (such as an HTTP request's), through a publish step of the
 * {@link EventTracing} the component has.
 *
 * <p>The message holds the events' canonical JSON. When the Camel registry holds a {@link CanonicalSeal} (Hookline's
 * nodes share its key), the message is sealed with it, with its events' content digests: the fan-out then takes the
 * events as they are instead of parsing and checking them a second time. Only events read from JSON or maps here are
 * sealed: {@link WebhookEvent} objects a route built were not read by these rules, and are checked by the fan-out. The
 * seal, not the mere presence of a property, is what the fan-out trusts, because any producer allowed on the events
 * queue can set properties.
 */
public class HooklinePublishProducer extends DefaultProducer {

    private final QueueSender sender;
    private final long maxEventBytes;
    private final long maxMessageBytes;
    private final EventIdRegistry eventIds;
    private final EventTracing tracing;
    private final String queue;
    private final CanonicalSeal seal;
    private final EventCheck check;
    private final Partitions partitions;

    public HooklinePublishProducer(HooklineEndpoint endpoint) {
        super(endpoint);
        // straight to the partitioned queue, in the events' partitions; with its attributes in case this creates it
        this.sender = new QueueSender(endpoint.connectionFactory(), HooklineComponent.partitionedQueue(
                endpoint.resolvedQueue()) + "?" + HooklineEventsConsumer.PARTITIONED_QUEUE_ATTRIBUTES);
        this.partitions = endpoint.getComponent().partitions();
        this.maxEventBytes = endpoint.getComponent().getMaxEventBytes();
        this.maxMessageBytes = endpoint.getMaxBodySize();
        this.eventIds = endpoint.getComponent().getEventIdRegistry();
        this.tracing = endpoint.getComponent().eventTracing();
        this.queue = endpoint.resolvedQueue();
        this.seal = endpoint.getCamelContext().getRegistry().findSingleByType(CanonicalSeal.class);
        this.check = endpoint.getCamelContext().getRegistry().findSingleByType(EventCheck.class);
    }

    /** Some of a partition's events, in their order, and their JSON: one message. */
    private record Part(int partition, List<WebhookEvent> events, String json) {
    }

    /**
     * Adds a partition's events as one message, or, when their JSON would be larger than a message may be (the
     * {@code maxBodySize} the fan-out takes; events gain fields such as {@code occurred_at} when written, so a request
     * within its limit can make a larger message), as several, halved until each fits. A single event that does not
     * fit is refused: the fan-out would quarantine its message after it had been accepted.
     */
    private void addParts(int partition, List<WebhookEvent> events, List<Part> parts) {
        String json = EventJson.writeAll(events, maxEventBytes);
        long bytes = StrictJson.utf8Length(json);
        if (bytes <= maxMessageBytes) {
            parts.add(new Part(partition, events, json));
        } else if (events.size() == 1) {
            throw EventFormatException.tooLarge("Event " + events.get(0).id() + " is " + bytes
                    + " bytes of JSON, more than a message of the events queue may hold (" + maxMessageBytes + ")");
        } else {
            int half = events.size() / 2;
            addParts(partition, events.subList(0, half), parts);
            addParts(partition, events.subList(half, events.size()), parts);
        }
    }

    /** The events by partition, each partition's in their order. */
    private Map<Integer, List<WebhookEvent>> byPartition(List<WebhookEvent> events) {
        Map<Integer, List<WebhookEvent>> byPartition = new LinkedHashMap<>();
        for (WebhookEvent e : events) {
            byPartition.computeIfAbsent(partitions.of(e.account()), p -> new ArrayList<>()).add(e);
        }
        return byPartition;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        EventBodies.Published published = EventBodies.read(exchange);
        List<WebhookEvent> events = EventAccounts.assign(published.events(),
                exchange.getMessage().getHeader(HooklineHeaders.ACCOUNT, String.class),
                "the account publishing them (the API key's, or the " + HooklineHeaders.ACCOUNT + " header)");
        if (check != null) {
            events.forEach(check::check); // before anything is recorded or sent
        }
        // refuses an event too large before its id is recorded
        List<Part> parts = new ArrayList<>();
        for (Map.Entry<Integer, List<WebhookEvent>> partition : byPartition(events).entrySet()) {
            addParts(partition.getKey(), partition.getValue(), parts);
        }
        if (eventIds != null) {
            eventIds.claim(events);
        }
        TraceContext incoming = TraceHeaders.of(exchange.getMessage());
        try (TracedStep step = tracing.publish(incoming, queue, events.size())) {
            List<QueueSender.Outgoing> messages = new ArrayList<>(parts.size());
            for (Part part : parts) {
                Map<String, String> properties = new HashMap<>(TraceHeaders.properties(step.context()));
                properties.put(Partitions.GROUP_PROPERTY, Partitions.group(part.partition()));
                if (seal != null && published.checked()) {
                    String digests = CanonicalSeal.digests(part.events());
                    properties.put(CanonicalSeal.DIGESTS_PROPERTY, digests);
                    properties.put(CanonicalSeal.SEAL_PROPERTY, seal.seal(part.json(), digests));
                }
                messages.add(new QueueSender.Outgoing(part.json(), properties));
            }
            try {
                sender.sendEach(messages); // in order, all or none
            } catch (Exception | Error e) {
                step.failed(e);
                throw e;
            }
        }
        exchange.getMessage().setBody(events);
        exchange.getMessage().setHeader(HooklineHeaders.EVENT_COUNT, events.size());
        exchange.getMessage().setHeader(HooklineHeaders.EVENT_ID, events.get(0).id());
    }
}
