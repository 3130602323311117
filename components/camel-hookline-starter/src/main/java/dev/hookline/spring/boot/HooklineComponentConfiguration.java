package dev.hookline.spring.boot;

import org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Options of the hookline: component, as {@code camel.component.hookline.*}, in the shape of Camel's generated
 * starters: each option shows the component's default, and object options take a bean reference
 * ({@code #myBean}).
 */
@ConfigurationProperties(prefix = "camel.component.hookline")
public class HooklineComponentConfiguration extends ComponentConfigurationPropertiesCommon {

    /** Whether to enable auto configuration of the hookline component. This is enabled by default. */
    private Boolean enabled = true;
    /**
     * The JMS connection factory of the broker that holds the events queue; by default the application's only one.
     * The option is a jakarta.jms.ConnectionFactory type.
     */
    private String connectionFactory;
    /** The durable queue every published event lands on. */
    private String eventsQueue = "hookline.events";
    /**
     * How many partitions the fan-out is split into: each is a message group of the partitioned queue (the events
     * queue's name with .partitioned), read by one consumer at a time; an event's partition is its account's. Every
     * node must have the same number.
     */
    private Integer partitions = 8;
    /** The queue where input Hookline refused is kept, with the reason, for an operator. */
    private String quarantineQueue = "hookline.quarantine";
    /**
     * Where a message of the events queue goes when it failed maxAttempts times on its own, for a reason other than
     * its content.
     */
    private String deadLetterQueue = "hookline.dead-letter";
    /**
     * The largest single event hookline:publish accepts, in bytes of its canonical JSON; a larger one is refused as too
     * large (413 at the HTTP door). The provider lowers it to hookline.batch.max-bytes when that is
     * smaller.
     */
    private Long maxEventBytes = 1_000_000L;
    /**
     * Where receiving endpoints remember the ids of events received, unless an endpoint names its own: shared by the
     * nodes and kept over restarts (the provider sets one on its database). Without one, each endpoint keeps ids in
     * memory, with a warning at start. The option is a org.apache.camel.spi.IdempotentRepository type.
     */
    private String idempotentRepository;
    /**
     * Where hookline:publish records the ids of the events it publishes, so that an id sent again with other content
     * fails at once; by default the application's only one (the provider's). The option is a
     * dev.hookline.core.EventIdRegistry type.
     */
    private String eventIdRegistry;
    /**
     * Allows for bridging the consumer to the Camel routing Error Handler, which mean any exceptions occurred while the
     * consumer is trying to pickup incoming messages will now be processed as a message and handled by the routing
     * Error Handler.
     */
    private Boolean bridgeErrorHandler = false;
    /** Whether the producer should be started lazy (on the first message). */
    private Boolean lazyStartProducer = false;
    /**
     * Whether autowiring is enabled: options marked autowired (the connection factory, the event id registry) are
     * taken from the registry when it holds a single instance of their type.
     */
    private Boolean autowiredEnabled = true;

    public Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public String getConnectionFactory() {
        return connectionFactory;
    }

    public void setConnectionFactory(String connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    public String getEventsQueue() {
        return eventsQueue;
    }

    public void setEventsQueue(String eventsQueue) {
        this.eventsQueue = eventsQueue;
    }

    public Integer getPartitions() {
        return partitions;
    }

    public void setPartitions(Integer partitions) {
        this.partitions = partitions;
    }

    public String getQuarantineQueue() {
        return quarantineQueue;
    }

    public void setQuarantineQueue(String quarantineQueue) {
        this.quarantineQueue = quarantineQueue;
    }

    public String getDeadLetterQueue() {
        return deadLetterQueue;
    }

    public void setDeadLetterQueue(String deadLetterQueue) {
        this.deadLetterQueue = deadLetterQueue;
    }

    public Long getMaxEventBytes() {
        return maxEventBytes;
    }

    public void setMaxEventBytes(Long maxEventBytes) {
        this.maxEventBytes = maxEventBytes;
    }

    public String getIdempotentRepository() {
        return idempotentRepository;
    }

    public void setIdempotentRepository(String idempotentRepository) {
        this.idempotentRepository = idempotentRepository;
    }

    public String getEventIdRegistry() {
        return eventIdRegistry;
    }

    public void setEventIdRegistry(String eventIdRegistry) {
        this.eventIdRegistry = eventIdRegistry;
    }

    public Boolean getBridgeErrorHandler() {
        return bridgeErrorHandler;
    }

    public void setBridgeErrorHandler(Boolean bridgeErrorHandler) {
        this.bridgeErrorHandler = bridgeErrorHandler;
    }

    public Boolean getLazyStartProducer() {
        return lazyStartProducer;
    }

    public void setLazyStartProducer(Boolean lazyStartProducer) {
        this.lazyStartProducer = lazyStartProducer;
    }

    public Boolean getAutowiredEnabled() {
        return autowiredEnabled;
    }

    public void setAutowiredEnabled(Boolean autowiredEnabled) {
        this.autowiredEnabled = autowiredEnabled;
    }
}
