package dev.hookline.camel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.hookline.core.CanonicalSeal;
import dev.hookline.core.HooklineExchangeProperties;
import dev.hookline.core.HooklineHeaders;
import dev.hookline.core.Partitions;
import dev.hookline.core.tracing.TraceContext;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the events queue in chunks inside one local JMS transaction: up to {@code maxMessages} messages holding up to
 * {@code maxChunkSize} characters, or whatever arrived within {@code maxWait} of the chunk's first message. The chunk
 * becomes one exchange whose body is the list of message texts; the transaction commits only after the route completed
 * without an exception. One broker commit per chunk instead of one per message is what makes the consumer fast;
 * committing after the route is what makes it lose nothing.
 *
 * <p>No message can hold up the others. A message that is not text (or UTF-8 bytes), or larger than
 * {@code maxBodySize}, never reaches the route, and is moved to the quarantine queue with the reason and the first
 * {@value #KEPT_OF_REFUSED} characters of its body; one the route names in {@link HooklineExchangeProperties#REJECTED} (not event
 * JSON, say) is moved there whole. Both moves are in the chunk's transaction, and the chunk goes on in order. A chunk the route
 * fails with {@link HooklineExchangeProperties#RETRY_CHUNK} set (its store is away) is rolled back and tried again for as long as
 * it takes. A chunk that fails otherwise is taken apart: its messages go through the route one at a time, in order; a
 * message that fails {@code maxAttempts} times on its own is moved to the dead-letter queue with its last failure,
 * and the others are taken.
 *
 * <p>The fan-out is partitioned. What this consumer reads is the partitioned queue (the events queue's name with
 * {@code .partitioned}), where each partition is a message group: the broker gives each group to one consumer of one
 * node at a time (a group is given to a consumer when a message of it comes and none holds it), and hands a closed or
 * dead node's groups to the others. A node holding more than its share of the partitions (more than
 * {@code ceil(partitions / readers)}, the readers counted by the broker every few seconds: a node has joined) gives
 * them back after its chunk, and the broker shares them again over all readers. Each
 * message's partition ({@link HooklineExchangeProperties#MESSAGE_PARTITIONS}) and the partitions the broker has just
 * given this consumer ({@link HooklineExchangeProperties#PARTITIONS_GIVEN}) go with the chunk; a message naming no
 * partition is moved to the quarantine. The events queue itself is read too, by one node at a time (it is exclusive):
 * a {@link PartitionRouter} passes what producers put there on to the partitioned queue, in its partitions.
 */
public class HooklineEventsConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(HooklineEventsConsumer.class);
    private static final long MAX_RETRY_DELAY_MILLIS = 30_000;
    /** How much of a message refused before the route (too large, not text) the quarantine keeps: 32 Ki characters. */
    static final int KEPT_OF_REFUSED = 32 * 1024;

    /**
     * The partitioned queue's attributes, asked for when a reader or producer creates it: the broker gives each message
     * group (partition) to one consumer, and marks the first message of a group a consumer is given. Groups are not
     * spread again when a consumer joins ({@code group-rebalance}): without pausing dispatch, a group could go to the
     * new consumer while the old one still holds an earlier message of it, and with the pause
     * ({@code group-rebalance-pause-dispatch}) Artemis 2.44 stopped dispatching altogether when a consumer joined with
     * nothing in flight. A group moves when its consumer closes or dies, after what it held is back on the queue.
     */
    static final String PARTITIONED_QUEUE_ATTRIBUTES = "group-first-key=" + Partitions.FIRST_OF_GROUP_PROPERTY;

    private final HooklineEndpoint endpoint;
    private final Partitions partitions;
    private final PartitionShare share;
    private TransactedQueueReader router;
    private TransactedQueueReader reader;

    public HooklineEventsConsumer(HooklineEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.partitions = endpoint.getComponent().partitions();
        this.share = new PartitionShare(partitions.count());
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        String partitioned = HooklineComponent.partitionedQueue(endpoint.resolvedQueue());
        String suffix = endpoint.getName() == null ? "" : "-" + endpoint.getName();
        router = new TransactedQueueReader(endpoint.connectionFactory(), endpoint.resolvedQueue(),
                endpoint.isExclusive() ? "exclusive=true" : null, endpoint.getMaxMessages(), endpoint.getMaxWait(),
                endpoint.getRetryDelay(), new PartitionRouter(partitions, partitioned + "?" + PARTITIONED_QUEUE_ATTRIBUTES,
                        endpoint.getMaxBodySize()));
        reader = new TransactedQueueReader(endpoint.connectionFactory(), partitioned, PARTITIONED_QUEUE_ATTRIBUTES,
                endpoint.getMaxMessages(), endpoint.getMaxWait(), endpoint.getRetryDelay(), this::processChunk);
        router.maxChunkChars(endpoint.getMaxChunkSize());
        reader.maxChunkChars(endpoint.getMaxChunkSize());
        reader.balanceGroups(share);
        router.start(getEndpoint().getCamelContext(), this, "hookline-router" + suffix);
        reader.start(getEndpoint().getCamelContext(), this, "hookline-events" + suffix);
    }

    @Override
    protected void doStop() throws Exception {
        if (router != null) {
            router.stop();
        }
        if (reader != null) {
            reader.stop();
        }
        super.doStop();
    }

    /** How one pass of some messages through the route ended. */
    private record Pass(Exception failure, boolean retryChunk, Map<Integer, String> rejected) {
        boolean ok() {
            return failure == null;
        }
    }

    private ChunkVerdict processChunk(List<QueuedMessage> chunk, boolean redelivered, boolean firstOfSession) {
        List<ChunkVerdict.Move> moves = new ArrayList<>();
        ChunkVerdict verdict = judge(chunk, redelivered, firstOfSession, moves);
        if (!verdict.commit()) {
            return verdict;
        }
        // moved in the order they came, whichever step set them aside
        Map<QueuedMessage, Integer> position = new IdentityHashMap<>();
        for (int i = 0; i < chunk.size(); i++) {
            position.put(chunk.get(i), i);
        }
        moves.sort(Comparator.comparingInt(move -> position.get(move.message())));
        return ChunkVerdict.commit(moves);
    }

    private ChunkVerdict judge(List<QueuedMessage> chunk, boolean redelivered, boolean firstOfSession,
            List<ChunkVerdict.Move> moves) {
        List<QueuedMessage> readable = new ArrayList<>(chunk.size());
        for (QueuedMessage m : chunk) {
            String refused = refusal(m);
            if (refused != null) {
                // what the limit refuses is not kept whole either: the quarantine is bounded
                moves.add(new ChunkVerdict.Move(m, endpoint.resolvedQuarantineQueue(), refused, KEPT_OF_REFUSED));
            } else {
                readable.add(m);
            }
        }
        if (readable.isEmpty()) {
            return ChunkVerdict.commit(moves);
        }
        Pass whole = pass(readable, redelivered, firstOfSession);
        if (whole.ok()) {
            quarantine(readable, whole.rejected(), moves);
            return ChunkVerdict.commit(moves);
        }
        if (whole.retryChunk() || !isRunAllowed()) {
            getExceptionHandler().handleException("Chunk of " + chunk.size() + " messages failed; rolled back for redelivery",
                    whole.failure());
            return ChunkVerdict.rollback();
        }
        LOG.warn("A chunk of {} messages from {} failed ({}); taking its messages one at a time", readable.size(),
                endpoint.resolvedQueue(), whole.failure().toString());
        boolean first = firstOfSession;
        for (QueuedMessage m : readable) {
            long delay = endpoint.getRetryDelay();
            for (int attempt = 1;; attempt++) {
                Pass alone = pass(List.of(m), true, first);
                if (alone.ok()) {
                    first = false;
                    quarantine(List.of(m), alone.rejected(), moves);
                    break;
                }
                if (alone.retryChunk() || !isRunAllowed()) {
                    getExceptionHandler().handleException("Chunk of " + chunk.size()
                            + " messages failed; rolled back for redelivery", alone.failure());
                    return ChunkVerdict.rollback();
                }
                if (attempt >= endpoint.getMaxAttempts()) {
                    LOG.error("Message {} of {} failed {} times on its own; moved to {}", m.messageId(),
                            endpoint.resolvedQueue(), attempt, endpoint.resolvedDeadLetterQueue(), alone.failure());
                    moves.add(new ChunkVerdict.Move(m, endpoint.resolvedDeadLetterQueue(), describe(alone.failure())));
                    break;
                }
                LOG.warn("Message {} of {} failed (attempt {} of {}): {}", m.messageId(), endpoint.resolvedQueue(), attempt,
                        endpoint.getMaxAttempts(), alone.failure().toString());
                if (!sleep(delay)) {
                    return ChunkVerdict.rollback();
                }
                delay = Math.min(delay * 2, MAX_RETRY_DELAY_MILLIS);
            }
        }
        return ChunkVerdict.commit(moves);
    }

    /** Why a message is refused before it reaches the route, or {@code null}. */
    private String refusal(QueuedMessage m) {
        if (m.unreadable() != null) {
            return m.unreadable();
        }
        if (partitions.ofGroup(property(m, Partitions.GROUP_PROPERTY)) < 0) {
            return "The message names no partition of " + partitions.count() + " (" + Partitions.GROUP_PROPERTY + " p0 to p"
                    + (partitions.count() - 1) + "): send events to " + endpoint.resolvedQueue()
                    + ", which partitions them, and give every node the same number of partitions";
        }
        long bytes = utf8Length(m.text(), endpoint.getMaxBodySize());
        if (bytes > endpoint.getMaxBodySize()) {
            return "The message is larger than " + endpoint.getMaxBodySize() + " bytes";
        }
        return null;
    }

    /** The UTF-8 length of {@code text}, counted up to just past {@code limit}. */
    private static long utf8Length(String text, long limit) {
        long n = 0;
        for (int i = 0; i < text.length() && n <= limit; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private void quarantine(List<QueuedMessage> passed, Map<Integer, String> rejected, List<ChunkVerdict.Move> moves) {
        if (rejected != null) {
            rejected.forEach((index, reason) ->
                    moves.add(new ChunkVerdict.Move(passed.get(index), endpoint.resolvedQuarantineQueue(), reason)));
        }
    }

    /** A string property of the message as sent, or {@code null}; whether to trust it is the route's to decide. */
    private static String property(QueuedMessage m, String name) {
        try {
            return m.jms() == null ? null : m.jms().getStringProperty(name);
        } catch (jakarta.jms.JMSException | RuntimeException e) {
            return null; // not a string, or unreadable: as if absent, and the message is checked in full
        }
    }

    /** True on the first message of its group the broker gives this consumer. */
    private static boolean firstOfGroup(QueuedMessage m) {
        try {
            return m.jms() != null && m.jms().propertyExists(Partitions.FIRST_OF_GROUP_PROPERTY)
                    && m.jms().getBooleanProperty(Partitions.FIRST_OF_GROUP_PROPERTY);
        } catch (jakarta.jms.JMSException | RuntimeException e) {
            return false;
        }
    }

    private Pass pass(List<QueuedMessage> messages, boolean redelivered, boolean firstOfSession) {
        Exchange exchange = createExchange(false);
        try {
            List<String> texts = new ArrayList<>(messages.size());
            List<String> ids = new ArrayList<>(messages.size());
            List<TraceContext> traces = new ArrayList<>(messages.size());
            List<String> seals = new ArrayList<>(messages.size());
            List<String> digests = new ArrayList<>(messages.size());
            List<String> accounts = new ArrayList<>(messages.size());
            List<Integer> partitionOf = new ArrayList<>(messages.size());
            Set<Integer> given = new TreeSet<>();
            for (QueuedMessage m : messages) {
                int partition = partitions.ofGroup(property(m, Partitions.GROUP_PROPERTY));
                partitionOf.add(partition);
                if (firstOfGroup(m)) {
                    given.add(partition);
                }
                texts.add(m.text());
                ids.add(m.messageId());
                traces.add(TraceHeaders.of(m));
                seals.add(property(m, CanonicalSeal.SEAL_PROPERTY));
                digests.add(property(m, CanonicalSeal.DIGESTS_PROPERTY));
                accounts.add(property(m, HooklineHeaders.ACCOUNT));
            }
            exchange.getMessage().setBody(texts);
            exchange.getMessage().setHeader(HooklineHeaders.EVENT_COUNT, texts.size());
            exchange.getMessage().setHeader(HooklineHeaders.REDELIVERED, redelivered);
            exchange.getMessage().setHeader(HooklineHeaders.FIRST_OF_SESSION, firstOfSession);
            exchange.setProperty(HooklineExchangeProperties.MESSAGE_IDS, ids);
            exchange.setProperty(HooklineExchangeProperties.TRACE_CONTEXTS, traces);
            exchange.setProperty(HooklineExchangeProperties.MESSAGE_SEALS, seals);
            exchange.setProperty(HooklineExchangeProperties.MESSAGE_DIGESTS, digests);
            exchange.setProperty(HooklineExchangeProperties.MESSAGE_ACCOUNTS, accounts);
            exchange.setProperty(HooklineExchangeProperties.MESSAGE_PARTITIONS, partitionOf);
            exchange.setProperty(HooklineExchangeProperties.PARTITIONS_GIVEN, given);
            share.given(given);
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        } catch (StackOverflowError | OutOfMemoryError e) {
            // what one message can cause (a schema's recursion, a number written out in full) fails that message:
            // taken apart and moved to the dead-letter queue like any other failure, never retried without end
            exchange.setException(new IllegalStateException(e.toString(), e));
        }
        @SuppressWarnings("unchecked")
        Pass pass = new Pass(exchange.getException(),
                Boolean.TRUE.equals(exchange.getProperty(HooklineExchangeProperties.RETRY_CHUNK, Boolean.class)),
                exchange.getProperty(HooklineExchangeProperties.REJECTED, Map.class));
        releaseExchange(exchange, false);
        return pass;
    }

    private static String describe(Exception failure) {
        String text = failure.toString();
        return text.length() > 1000 ? text.substring(0, 997) + "..." : text;
    }

    private boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return isRunAllowed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
