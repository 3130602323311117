package dev.hookline.routes.batching;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.hookline.core.CanonicalEvent;
import dev.hookline.core.CanonicalSeal;
import dev.hookline.core.EventAccounts;
import dev.hookline.core.EventCheck;
import dev.hookline.core.HooklineHeaders;
import dev.hookline.core.EventFormatException;
import dev.hookline.core.EventIdConflictException;
import dev.hookline.core.EventJson;
import dev.hookline.core.StrictJson;
import dev.hookline.core.HooklineExchangeProperties;
import dev.hookline.core.Partitions;
import dev.hookline.core.WebhookEvent;
import dev.hookline.core.tracing.EventTracing;
import dev.hookline.core.tracing.TraceContext;
import dev.hookline.core.tracing.TracedStep;

import dev.hookline.store.SubscriptionIndex;
import dev.hookline.store.BatchStore;
import dev.hookline.store.EventKeys;
import dev.hookline.store.StoredEvent;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a chunk of messages from the events queue into event copies, one per matching subscription (of the event's
 * account, or made with the admin key for an event of no account; its event type, its filters, and past its
 * activation time). Each message is read and checked on its own: one that cannot be fanned
 * out (not event JSON, an event too large to store, an id received before with other content) is set aside with the
 * reason in the {@link HooklineExchangeProperties#REJECTED} property, for the consumer to move to quarantine, and the chunk goes
 * on. Ids are scoped by source and remembered in {@link EventKeys}: an id fanned out before (the broker redelivered
 * the input, or a sender sent the event again) makes no copies; events without an id get one derived from the
 * message's broker id, so a redelivered message gets the same ids. Events with at least one subscription are numbered
 * after the last one stored and stored once, in one JDBC batch, inside the chunk's transaction (see
 * {@link ChunkTransaction}), with the ids they recorded. An event that came with a trace context (its message's
 * {@code traceparent}) gets a fan-out step of the {@link EventTracing} set with {@link #tracing}, and is stored with that
 * step's context, for its delivery to link to.
 *
 * <p>Each event is parsed and checked once. A message from an outside producer is read in full here, and its events
 * are stored as the canonical JSON written from what was read. A message that Hookline's publish wrote and sealed (see
 * {@link CanonicalSeal}) already holds canonical JSON checked at its door: its events are only split apart and their
 * id, type and source read, their data stepped over (decoded only for a subscription that filters on it), and the
 * message's own bytes are stored. A seal that does not verify is no seal: the message is read in full.
 */
public class FanOut implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(FanOut.class);

    private final SubscriptionIndex subscriptions;
    private final BatchStore store;
    private final EventKeys eventKeys;
    private final Clock clock;
    private final EventJson json;
    private final BatchingMetrics metrics;
    private final long maxEventBytes;
    private EventTracing tracing = EventTracing.NONE;
    private EventCheck check = QueuedEventCheck.NONE;
    private final CanonicalSeal seal;
    private Partitions partitions;

    /**
     * @param maxEventBytes the largest event, in bytes of its canonical JSON, that a batch may hold: a larger one is
     *                      refused like one the HTTP door would answer 413
     */
    public FanOut(SubscriptionIndex subscriptions, BatchStore store, EventKeys eventKeys, Clock clock,
            BatchingMetrics metrics, long maxEventBytes) {
        this(subscriptions, store, eventKeys, clock, metrics, maxEventBytes, null);
    }

    /**
     * @param seal the seal of messages Hookline's publish wrote, or {@code null} to read every message in full
     */
    public FanOut(SubscriptionIndex subscriptions, BatchStore store, EventKeys eventKeys, Clock clock,
            BatchingMetrics metrics, long maxEventBytes, CanonicalSeal seal) {
        this.seal = seal;
        this.metrics = metrics;
        this.maxEventBytes = maxEventBytes;
        this.subscriptions = subscriptions;
        this.store = store;
        this.eventKeys = eventKeys;
        this.clock = clock;
        this.json = new EventJson(clock::instant);
    }

    /** The check of each event of a message read in full (see {@link QueuedEventCheck}); by default none. */
    public FanOut checking(EventCheck check) {
        this.check = QueuedEventCheck.orNone(check);
        return this;
    }

    /**
     * Checks that each event is in its account's partition of these (a message of a partition holding an event of
     * another is moved to the quarantine: fanned out there, it could be fanned out beside its subscription's own
     * partition, out of order); by default no check.
     */
    public FanOut partitions(Partitions partitions) {
        this.partitions = partitions;
        return this;
    }

    /** How fanned-out events are traced; by default not at all (their trace contexts are stored as they came). */
    public FanOut tracing(EventTracing tracing) {
        this.tracing = tracing;
        return this;
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
        @SuppressWarnings("unchecked")
        List<String> messageIds = exchange.getProperty(HooklineExchangeProperties.MESSAGE_IDS, List.class);
        @SuppressWarnings("unchecked")
        List<TraceContext> traces = exchange.getProperty(HooklineExchangeProperties.TRACE_CONTEXTS, List.class);
        @SuppressWarnings("unchecked")
        List<String> seals = exchange.getProperty(HooklineExchangeProperties.MESSAGE_SEALS, List.class);
        @SuppressWarnings("unchecked")
        List<String> digests = exchange.getProperty(HooklineExchangeProperties.MESSAGE_DIGESTS, List.class);
        @SuppressWarnings("unchecked")
        List<String> accounts = exchange.getProperty(HooklineExchangeProperties.MESSAGE_ACCOUNTS, List.class);
        @SuppressWarnings("unchecked")
        List<Integer> partitionOf = exchange.getProperty(HooklineExchangeProperties.MESSAGE_PARTITIONS, List.class);
        long now = clock.millis();
        Map<Integer, String> rejected = new TreeMap<>();
        List<Read> messages = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            try {
                String text = texts.get(i);
                TraceContext trace = traces == null ? null : traces.get(i);
                String account = accounts == null ? null : accounts.get(i);
                // a message naming its account by a property is read in full: each event is checked against it
                boolean sealed = account == null && seal != null && seals != null && digests != null
                        && seal.verifies(text, digests.get(i), seals.get(i));
                Read read = sealed ? readSealed(i, text, digests.get(i), now, trace)
                        : read(i, text, messageIds == null ? null : messageIds.get(i), account, now, trace);
                checkPartition(read, partitionOf == null ? -1 : partitionOf.get(i));
                messages.add(read);
            } catch (EventFormatException e) {
                rejected.put(i, e.getMessage());
            }
        }

        Set<EventKeys.Key> keys = new HashSet<>();
        messages.forEach(m -> m.events().forEach(e -> keys.add(e.key())));
        Map<EventKeys.Key, EventKeys.Seen> known = keys.isEmpty() ? Map.of() : eventKeys.find(keys);
        Map<EventKeys.Key, String> decided = new HashMap<>(); // the content each id stands for, after this chunk
        Map<EventKeys.Key, String> newKeys = new LinkedHashMap<>();
        List<EventKeys.Key> claimed = new ArrayList<>();
        List<Parsed> fannedOut = new ArrayList<>();
        int received = 0;
        int duplicates = 0;
        for (Read m : messages) {
            String conflict = conflict(m, decided, known);
            if (conflict != null) {
                rejected.put(m.index(), conflict);
                LOG.warn("A message of the events queue reuses an event id with other content; moved to quarantine: {}",
                        conflict);
                continue;
            }
            received += m.events().size();
            for (Parsed p : m.events()) {
                if (decided.putIfAbsent(p.key(), p.digest()) != null) {
                    duplicates++; // the same event twice in one chunk: its copies are made once
                    continue;
                }
                EventKeys.Seen seen = known.get(p.key());
                if (seen == null) {
                    newKeys.put(p.key(), p.digest());
                } else if (seen.fannedOut()) {
                    duplicates++; // fanned out by an earlier chunk
                    continue;
                } else {
                    claimed.add(p.key()); // a door recorded it before it acknowledged it
                }
                if (!p.targets().isEmpty()) {
                    fannedOut.add(p);
                }
            }
        }
        eventKeys.record(newKeys, claimed, now);

        // grouped per subscription, each group in event order, the groups in order of their first copy
        Map<String, SubscriptionCopies> copies = new LinkedHashMap<>();
        int copyCount = 0;
        if (!fannedOut.isEmpty()) {
            // stored in the same transaction as the parts listing its copies and the ids recorded above
            long[] seqs = store.nextEventSeqs(fannedOut.size());
            long[] sizes = new long[fannedOut.size()];
            List<StoredEvent> stored = new ArrayList<>(fannedOut.size());
            List<TracedStep> steps = new ArrayList<>();
            for (int event = 0; event < fannedOut.size(); event++) {
                Parsed p = fannedOut.get(event);
                sizes[event] = StrictJson.utf8Length(p.payload());
                TracedStep step = tracing.fanOut(p.trace(), p.id(), p.type(), p.targets().size());
                steps.add(step);
                stored.add(new StoredEvent(seqs[event], p.id(), p.type(), now, p.payload(), step.context()));
                for (SubscriptionIndex.Target t : p.targets()) {
                    copies.computeIfAbsent(t.subscriptionId(), id -> new SubscriptionCopies(t, seqs, sizes)).add(event);
                }
                copyCount += p.targets().size();
            }
            try {
                store.insertEvents(stored);
            } catch (RuntimeException | Error e) {
                steps.forEach(step -> step.failed(e));
                throw e;
            } finally {
                steps.forEach(TracedStep::close);
            }
        }
        metrics.eventsReceived(received);
        metrics.eventsInvalid(rejected.size());
        metrics.eventsDuplicate(duplicates);
        metrics.copies(copyCount);
        exchange.getMessage().setBody(new ArrayList<>(copies.values()));
        exchange.setProperty(HooklineExchangeProperties.REJECTED, rejected);
    }

    private void checkPartition(Read read, Integer partition) {
        if (partitions == null || partition == null || partition < 0) {
            return;
        }
        for (Parsed p : read.events()) {
            int own = partitions.of(p.account());
            if (own != partition) {
                throw new EventFormatException("Event " + p.id() + " of " + (p.account() == null ? "no account"
                        : "account " + p.account()) + " belongs to partition " + own + " of " + partitions.count()
                        + ", not to partition " + partition + " it was sent to: send events to the events queue, "
                        + "which partitions them, and give every node the same number of partitions", null);
            }
        }
    }

    /** Reads one message into its events, each with its subscriptions and, when it has any, its stored form. */
    private Read read(int index, String text, String messageId, String account, long now, TraceContext trace) {
        metrics.messageRead(false);
        if (text == null) {
            throw new EventFormatException("Only text messages of event JSON are accepted", null);
        }
        List<WebhookEvent> events = EventAccounts.assign(json.read(text, EventJson.idBase(messageId, text)), account,
                "the message property " + HooklineHeaders.ACCOUNT);
        QueuedEventCheck.checkAll(check, events);
        List<Parsed> parsed = new ArrayList<>(events.size());
        for (WebhookEvent e : events) {
            List<SubscriptionIndex.Target> targets = accepting(subscriptions.match(e.account(), e.type()), e, now);
            String payload = targets.isEmpty() ? null : EventJson.write(e); // refuses an event too large to store
            if (payload != null && StrictJson.utf8Length(payload) > maxEventBytes) {
                throw EventFormatException.tooLarge("Event " + e.id() + " is larger than a batch may hold ("
                        + maxEventBytes + " bytes of JSON)");
            }
            parsed.add(new Parsed(e.id(), e.type(), e.source(), e.account(), EventKeys.Key.of(e),
                    EventJson.contentDigest(e), targets, payload, trace));
        }
        return new Read(index, parsed);
    }

    /**
     * Reads a sealed message: its events are canonical JSON checked at their door, with their content digests beside
     * them; only what the fan-out needs is read (id, type, source), and each event's JSON is stored as it came.
     */
    private Read readSealed(int index, String text, String digestList, long now, TraceContext trace) {
        try {
            return readCanonical(index, text, digestList, now, trace);
        } catch (IllegalArgumentException notCanonical) {
            // sealed, yet not JSON this node can split: read in full, which names what is wrong
            return read(index, text, null, null, now, trace);
        }
    }

    private Read readCanonical(int index, String text, String digestList, long now, TraceContext trace) {
        List<String> events = CanonicalEvent.split(text);
        String[] digests = digestList.split(",", -1);
        if (digests.length != events.size()) {
            // sealed by Hookline, so not hostile; but not a shape this node knows: read it in full
            return read(index, text, null, null, now, trace);
        }
        List<Parsed> parsed = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            String payload = events.get(i);
            CanonicalEvent e = CanonicalEvent.of(payload);
            List<SubscriptionIndex.Target> candidates = subscriptions.match(e.account(), e.type());
            List<SubscriptionIndex.Target> targets = candidates.isEmpty() ? List.of() : accepting(candidates, e, now);
            if (!targets.isEmpty() && StrictJson.utf8Length(payload) > maxEventBytes) {
                throw EventFormatException.tooLarge("Event " + e.id() + " is larger than a batch may hold ("
                        + maxEventBytes + " bytes of JSON)");
            }
            parsed.add(new Parsed(e.id(), e.type(), e.source(), e.account(),
                    EventKeys.Key.of(e.id(), e.source(), e.account()), digests[i], targets,
                    targets.isEmpty() ? null : payload, trace));
        }
        metrics.messageRead(true);
        return new Read(index, parsed);
    }

    /** The subscriptions that accept a stored event; its data is decoded only when one of them filters on it. */
    private static List<SubscriptionIndex.Target> accepting(List<SubscriptionIndex.Target> candidates, CanonicalEvent event,
            long now) {
        WebhookEvent decoded = null;
        List<SubscriptionIndex.Target> accepted = new ArrayList<>(candidates.size());
        for (SubscriptionIndex.Target t : candidates) {
            if (!t.filters().isEmpty() && decoded == null) {
                decoded = event.toEvent();
            }
            if (t.filters().isEmpty() ? now >= t.activeFrom() : t.accepts(decoded, now)) {
                accepted.add(t);
            }
        }
        return accepted;
    }

    /** Why the message cannot be taken because an id in it names other content, or {@code null}. */
    private static String conflict(Read m, Map<EventKeys.Key, String> decided, Map<EventKeys.Key, EventKeys.Seen> known) {
        Map<EventKeys.Key, String> inMessage = new HashMap<>();
        for (Parsed p : m.events()) {
            String before = inMessage.putIfAbsent(p.key(), p.digest());
            if (before == null) {
                before = decided.get(p.key());
            }
            if (before == null && known.containsKey(p.key())) {
                before = known.get(p.key()).digest();
            }
            if (before != null && !before.equals(p.digest())) {
                return new EventIdConflictException(p.id(), p.source()).getMessage();
            }
        }
        return null;
    }

    private record Read(int index, List<Parsed> events) {
    }

    private record Parsed(String id, String type, String source, String account, EventKeys.Key key, String digest,
            List<SubscriptionIndex.Target> targets, String payload, TraceContext trace) {
    }
}
