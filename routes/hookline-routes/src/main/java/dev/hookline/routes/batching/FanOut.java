package dev.hookline.routes.batching;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.hookline.core.EventFormatException;
import dev.hookline.core.EventJson;
import dev.hookline.core.WebhookEvent;
import dev.hookline.routes.HooklineMetrics;
import dev.hookline.routes.SubscriptionIndex;
import dev.hookline.store.BatchStore;
import dev.hookline.store.StoredEvent;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Turns a chunk of messages from the events queue into event copies, one per matching subscription (its event type,
 * its filters, and past its activation time). Events with at
 * least one subscription are stored once, in one JDBC batch; copies already in a batch (the broker redelivered the
 * input, or a sender sent the same event id again) are not made twice. Messages that are not valid events are set
 * aside in the {@value #INVALID} property for quarantine.
 */
public class FanOut implements Processor {

    /** Exchange property: the chunk's invalid messages, as {@link Invalid} items. */
    public static final String INVALID = "HooklineInvalidMessages";

    /** A message that could not be read as events, and why. */
    public record Invalid(String text, String reason) {
    }

    private final SubscriptionIndex subscriptions;
    private final BatchStore store;
    private final Clock clock;
    private final EventJson json;
    private final HooklineMetrics metrics;

    public FanOut(SubscriptionIndex subscriptions, BatchStore store, Clock clock, HooklineMetrics metrics) {
        this.metrics = metrics;
        this.subscriptions = subscriptions;
        this.store = store;
        this.clock = clock;
        this.json = new EventJson(clock::instant);
    }

    private static List<SubscriptionIndex.Target> accepting(List<SubscriptionIndex.Target> candidates, WebhookEvent event,
            long now) {
        List<SubscriptionIndex.Target> accepted = new ArrayList<>(candidates.size());
        for (SubscriptionIndex.Target t : candidates) {
            if (t.accepts(event, now)) {
                accepted.add(t);
            }
        }
        return accepted;
    }

    @Override
    public void process(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<String> texts = exchange.getMessage().getBody(List.class);
        long now = clock.millis();
        List<Invalid> invalid = new ArrayList<>();
        Map<String, StoredEvent> stored = new LinkedHashMap<>();
        List<EventCopy> copies = new ArrayList<>();
        int received = 0;
        for (String text : texts) {
            List<WebhookEvent> events;
            try {
                if (text == null) {
                    throw new EventFormatException("Only text messages of event JSON are accepted", null);
                }
                events = json.read(text);
            } catch (EventFormatException e) {
                invalid.add(new Invalid(text, e.getMessage()));
                continue;
            }
            received += events.size();
            for (WebhookEvent event : events) {
                List<SubscriptionIndex.Target> targets = accepting(subscriptions.match(event.type()), event, now);
                if (targets.isEmpty()) {
                    continue;
                }
                if (stored.containsKey(event.id())) {
                    continue; // the same event twice in one chunk: its copies are made once
                }
                stored.put(event.id(), new StoredEvent(event.id(), event.type(), now, EventJson.write(event)));
                for (SubscriptionIndex.Target t : targets) {
                    copies.add(new EventCopy(t.subscriptionId(), event.id(), t.maxEvents(), t.maxWaitMs()));
                }
            }
        }
        if (!stored.isEmpty()) {
            Set<String> already = store.existingCopies(stored.keySet());
            if (!already.isEmpty()) {
                copies.removeIf(c -> already.contains(c.subscriptionId() + "|" + c.eventId()));
            }
            store.insertEvents(new ArrayList<>(stored.values()));
        }
        metrics.eventsReceived(received);
        metrics.eventsInvalid(invalid.size());
        metrics.copies(copies.size());
        exchange.getMessage().setBody(copies);
        exchange.setProperty(INVALID, invalid);
    }
}
