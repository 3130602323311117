package dev.hookline.routes.batching;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * its filters, and past its activation time). Events with at least one subscription are numbered after the last one
 * stored and stored once, in one JDBC batch, inside the chunk's transaction (see {@link ChunkTransaction}); an event
 * id already stored was fanned out before (the broker redelivered the input, or a sender sent the same event again)
 * and makes no copies. Messages that are not valid events are set aside in the {@value #INVALID} property for
 * quarantine.
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
        Map<String, Matched> matched = new LinkedHashMap<>();
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
                if (matched.containsKey(event.id())) {
                    continue; // the same event twice in one chunk: its copies are made once
                }
                List<SubscriptionIndex.Target> targets = accepting(subscriptions.match(event.type()), event, now);
                if (!targets.isEmpty()) {
                    matched.put(event.id(), new Matched(event, targets));
                }
            }
        }
        List<EventCopy> copies = new ArrayList<>();
        if (!matched.isEmpty()) {
            // stored in the same transaction as the parts listing its copies: a stored event was fanned out before
            matched.keySet().removeAll(store.storedEventIds(matched.keySet()));
            long seq = store.lastEventSeq();
            List<StoredEvent> stored = new ArrayList<>(matched.size());
            for (Matched m : matched.values()) {
                seq++;
                String payload = EventJson.write(m.event());
                long bytes = EventJson.utf8Length(payload);
                stored.add(new StoredEvent(seq, m.event().id(), m.event().type(), now, payload));
                for (SubscriptionIndex.Target t : m.targets()) {
                    copies.add(new EventCopy(t.subscriptionId(), seq, bytes, t.maxEvents(), t.maxWaitMs(), t.maxBytes()));
                }
            }
            store.insertEvents(stored);
        }
        metrics.eventsReceived(received);
        metrics.eventsInvalid(invalid.size());
        metrics.copies(copies.size());
        exchange.getMessage().setBody(copies);
        exchange.setProperty(INVALID, invalid);
    }

    private record Matched(WebhookEvent event, List<SubscriptionIndex.Target> targets) {
    }
}
