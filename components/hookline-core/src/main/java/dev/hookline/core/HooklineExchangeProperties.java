package dev.hookline.core;

/** Names of the Camel exchange properties by which the events consumer and the route reading it tell each other about a chunk. */
public final class HooklineExchangeProperties {

    /**
     * Exchange property on a chunk from {@code hookline:events}: the broker's id of each message (a {@code List<String>},
     * in the order of the body's texts; an item is {@code null} when the sender disabled message ids).
     */
    public static final String MESSAGE_IDS = "HooklineMessageIds";
    /**
     * Exchange property on a chunk from {@code hookline:events}: the trace context each message was sent with, from its
     * {@code traceparent} and {@code tracestate} properties (a {@code List<TraceContext>} in the order of the body's
     * texts; an item is {@code null} when the message carried none, or a malformed one).
     */
    public static final String TRACE_CONTEXTS = "HooklineTraceContexts";
    /**
     * Exchange property on a chunk from {@code hookline:events}: each message's {@link CanonicalSeal#SEAL_PROPERTY}
     * (a {@code List<String>}, {@code null} items for messages without one). Only a seal that verifies is trusted.
     */
    public static final String MESSAGE_SEALS = "HooklineMessageSeals";
    /** Exchange property on a chunk: each message's {@link CanonicalSeal#DIGESTS_PROPERTY}, as {@link #MESSAGE_SEALS}. */
    public static final String MESSAGE_DIGESTS = "HooklineMessageDigests";
    /**
     * Exchange property on a chunk from {@code hookline:events}: each message's {@link HooklineHeaders#ACCOUNT}
     * property (a {@code List<String>}, {@code null} items for messages without one): the account of its events.
     */
    public static final String MESSAGE_ACCOUNTS = "HooklineMessageAccounts";
    /**
     * Exchange property on a chunk from {@code hookline:events}: each message's partition (a {@code List<Integer>}), read
     * from its message group.
     */
    public static final String MESSAGE_PARTITIONS = "HooklineMessagePartitions";
    /**
     * Exchange property on a chunk from {@code hookline:events}: the partitions (a {@code Set<Integer>}) the broker has
     * just given this consumer (a message of the chunk is the first of its group for this consumer).
     */
    public static final String PARTITIONS_GIVEN = "HooklinePartitionsGiven";
    /**
     * Exchange property a route sets on a chunk from {@code hookline:events}: the messages that cannot be taken, by
     * their position in the chunk, with the reason (a {@code Map<Integer, String>}). They are moved to the quarantine
     * queue in the chunk's transaction; the rest of the chunk goes on.
     */
    public static final String REJECTED = "HooklineRejected";
    /**
     * Exchange property a route sets on a chunk from {@code hookline:events} that failed for a reason that is not its
     * messages' (a store that does not answer): the chunk is rolled back and tried again, however often, and the
     * failure is not counted against its messages.
     */
    public static final String RETRY_CHUNK = "HooklineRetryChunk";

    private HooklineExchangeProperties() {
    }
}
