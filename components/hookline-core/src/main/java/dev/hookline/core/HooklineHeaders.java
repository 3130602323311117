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
    /**
     * The account the events belong to: read by {@code hookline:publish}, and as a message property of the events
     * queue. Events naming another account in their {@code account} field are refused.
     */
    public static final String ACCOUNT = "HooklineAccount";
    /** Why a message was put into quarantine. */
    public static final String QUARANTINE_REASON = "HooklineQuarantineReason";
    /** Which door a quarantined message came in by. */
    public static final String QUARANTINE_ORIGIN = "HooklineQuarantineOrigin";

    private HooklineHeaders() {
    }
}
