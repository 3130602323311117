package dev.hookline.camel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hookline.core.EventAccounts;
import dev.hookline.core.EventJson;
import dev.hookline.core.HooklineHeaders;
import dev.hookline.core.Partitions;
import dev.hookline.core.WebhookEvent;

/**
 * Partitions the messages of the events queue that came without a partition (from any JMS producer: the broker cannot
 * read an account from JSON) onto the partitioned queue, in the reader's transaction, in the order they came. A
 * message whose events all belong to one partition is passed on whole, in that partition's message group; one whose
 * events belong to several is split into one message per partition, each the array of its events in their order, with
 * the ids the fan-out would have given them (derived from this message's broker id). A message that is not event JSON
 * (or is not text, or is too large) is passed on whole to partition 0, whose fan-out moves it to the quarantine with
 * the reason, as it would any other.
 */
final class PartitionRouter implements TransactedQueueReader.VerdictHandler {

    private final Partitions partitions;
    private final String partitionedQueue;
    private final long maxBodySize;
    private final EventJson json = new EventJson();

    /** @param partitionedQueue the partitioned queue, as a destination name with its address parameters */
    PartitionRouter(Partitions partitions, String partitionedQueue, long maxBodySize) {
        this.partitions = partitions;
        this.partitionedQueue = partitionedQueue;
        this.maxBodySize = maxBodySize;
    }

    @Override
    public ChunkVerdict handle(List<QueuedMessage> chunk, boolean redelivered, boolean firstOfSession) {
        List<ChunkVerdict.Move> moves = new ArrayList<>(chunk.size());
        for (QueuedMessage m : chunk) {
            route(m, moves);
        }
        return ChunkVerdict.commit(moves);
    }

    private void route(QueuedMessage m, List<ChunkVerdict.Move> moves) {
        Map<Integer, List<WebhookEvent>> byPartition = m.unreadable() == null && m.text().length() <= maxBodySize
                ? eventsByPartition(m) : null;
        if (byPartition == null || byPartition.size() <= 1) {
            int partition = byPartition == null || byPartition.isEmpty() ? 0 : byPartition.keySet().iterator().next();
            moves.add(ChunkVerdict.Move.forward(m, partitionedQueue, Partitions.group(partition), null));
            return;
        }
        byPartition.forEach((partition, events) -> moves.add(ChunkVerdict.Move.forward(m, partitionedQueue,
                Partitions.group(partition), EventJson.writeAll(events))));
    }

    /** The message's events by partition, in their order; {@code null} when it is not event JSON. */
    private Map<Integer, List<WebhookEvent>> eventsByPartition(QueuedMessage m) {
        try {
            List<WebhookEvent> events = EventAccounts.assign(json.read(m.text(), EventJson.idBase(m.messageId(), m.text())),
                    property(m, HooklineHeaders.ACCOUNT), "the message property " + HooklineHeaders.ACCOUNT);
            Map<Integer, List<WebhookEvent>> byPartition = new LinkedHashMap<>();
            for (WebhookEvent e : events) {
                byPartition.computeIfAbsent(partitions.of(e.account()), p -> new ArrayList<>()).add(e);
            }
            if (byPartition.size() > 1) {
                byPartition.values().forEach(EventJson::writeAll); // an event too large to write: passed on whole
            }
            return byPartition;
        } catch (RuntimeException notEventJson) {
            return null; // the fan-out names what is wrong
        }
    }

    private static String property(QueuedMessage m, String name) {
        try {
            return m.jms() == null ? null : m.jms().getStringProperty(name);
        } catch (jakarta.jms.JMSException | RuntimeException e) {
            return null;
        }
    }
}
