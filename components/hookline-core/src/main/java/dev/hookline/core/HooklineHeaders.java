package dev.hookline.core;

/** Names of the Camel message headers Hookline sets and reads. */
public final class HooklineHeaders {

    public static final String EVENT_ID = "HooklineEventId";
    public static final String EVENT_TYPE = "HooklineEventType";
    public static final String SOURCE = "HooklineSource";
    public static final String OCCURRED_AT = "HooklineOccurredAt";
    /** How many events a published message carried. */
    public static final String EVENT_COUNT = "HooklineEventCount";
    /** On a message from {@code hookline:events}: true when the broker delivered any of the chunk before. */
    public static final String REDELIVERED = "HooklineRedelivered";
    /**
     * On a message from {@code hookline:events}: true until the first chunk since the consumer (re)connected to the
     * broker is committed. On an exclusive queue, the first such chunk marks the moment this node became the queue's
     * reader.
     */
    public static final String FIRST_OF_SESSION = "HooklineFirstOfSession";
    /** Why a message was put into quarantine. */
    public static final String QUARANTINE_REASON = "HooklineQuarantineReason";
    /** Which door a quarantined message came in by. */
    public static final String QUARANTINE_ORIGIN = "HooklineQuarantineOrigin";

    /**
     * Exchange property on a chunk from {@code hookline:events}: the broker's id of each message (a {@code List<String>},
     * in the order of the body's texts; an item is {@code null} when the sender disabled message ids).
     */
    public static final String MESSAGE_IDS = "HooklineMessageIds";
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

    private HooklineHeaders() {
    }
}
