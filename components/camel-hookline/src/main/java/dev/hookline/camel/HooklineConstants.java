package dev.hookline.camel;

import dev.hookline.core.HooklineHeaders;

import org.apache.camel.spi.Metadata;

/**
 * The message headers {@code hookline:} endpoints set and read, described for Camel's catalog (the component's
 * {@code headersClass}). The names are {@link HooklineHeaders}', which the framework-free modules use; this class only
 * adds what each header means, so that Camel tooling can show it.
 */
public final class HooklineConstants {

    @Metadata(label = "consumer,producer", javaType = "String",
              description = "The event's id. Set by receive on each exchange (the first event's, with split=false) and "
                            + "by publish after sending (the first accepted event's).")
    public static final String EVENT_ID = HooklineHeaders.EVENT_ID;

    @Metadata(label = "consumer", javaType = "String",
              description = "The event's type, such as order.created. Set by receive (the first event's, with "
                            + "split=false).")
    public static final String EVENT_TYPE = HooklineHeaders.EVENT_TYPE;

    @Metadata(label = "consumer", javaType = "String",
              description = "Who emitted the event: on received events, the name of the dialect that read it (such as "
                            + "stripe). Set by receive (the first event's, with split=false).")
    public static final String SOURCE = HooklineHeaders.SOURCE;

    @Metadata(label = "consumer", javaType = "java.time.Instant",
              description = "When the event happened at its source (the time of receipt when the provider does not "
                            + "say). Set by receive (the first event's, with split=false).")
    public static final String OCCURRED_AT = HooklineHeaders.OCCURRED_AT;

    @Metadata(label = "consumer,producer", javaType = "Integer",
              description = "How many events: on an exchange from events, the messages of its chunk; after publish, "
                            + "the events the broker accepted.")
    public static final String EVENT_COUNT = HooklineHeaders.EVENT_COUNT;

    @Metadata(label = "consumer", javaType = "Boolean",
              description = "On an exchange from events: true when the broker delivered any message of the chunk "
                            + "before (a previous reader failed or stopped before committing it).")
    public static final String REDELIVERED = HooklineHeaders.REDELIVERED;

    @Metadata(label = "consumer", javaType = "Boolean",
              description = "On an exchange from events: true until the first chunk since the consumer (re)connected "
                            + "to the broker is committed. On an exclusive queue it marks the moment this node became "
                            + "the queue's reader.")
    public static final String FIRST_OF_SESSION = HooklineHeaders.FIRST_OF_SESSION;

    @Metadata(label = "producer", javaType = "String",
              description = "Read by publish: the account the events belong to; they reach only that account's "
                            + "subscriptions. An event whose own account field names another account is refused. "
                            + "Without it, an event's account field decides; events of no account reach only the "
                            + "subscriptions made with the admin key.")
    public static final String ACCOUNT = HooklineHeaders.ACCOUNT;

    @Metadata(label = "producer", javaType = "String",
              description = "Read by quarantine: why the input was refused. Kept with it on the quarantine queue, as "
                            + "a message property of the same name, for an operator.")
    public static final String QUARANTINE_REASON = HooklineHeaders.QUARANTINE_REASON;

    @Metadata(label = "producer", javaType = "String",
              description = "Read by quarantine: which door the refused input came in by (such as receive:stripe). "
                            + "Kept with it on the quarantine queue, as a message property of the same name.")
    public static final String QUARANTINE_ORIGIN = HooklineHeaders.QUARANTINE_ORIGIN;

    private HooklineConstants() {
    }
}
