package dev.hookline.camel;

import java.util.Map;

import jakarta.jms.ConnectionFactory;

import dev.hookline.core.EventIdRegistry;
import dev.hookline.core.Partitions;
import dev.hookline.core.tracing.EventTracing;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code hookline:} component. Events enter Hookline through {@code hookline:publish}; Hookline's own fan-out route
 * reads them back with {@code hookline:events}. Both talk to a JMS broker (ActiveMQ Artemis in the shipped runtime)
 * through the {@link ConnectionFactory} configured here or found in the registry.
 */
@Component("hookline")
public class HooklineComponent extends DefaultComponent {

    @Metadata(autowired = true, description = "The JMS connection factory of the broker that holds the events queue. "
            + "Producers open a session per send, so give a pooling factory (such as pooled-jms).")
    private ConnectionFactory connectionFactory;

    @Metadata(defaultValue = "hookline.events", description = "The durable queue every published event lands on.")
    private String eventsQueue = "hookline.events";

    @Metadata(defaultValue = "8", description = "How many partitions the fan-out is split into: each is a message "
            + "group of the partitioned queue (the events queue's name with .partitioned), read by one consumer at a "
            + "time; an event's partition is its account's. Every node must have the same number.")
    private int partitions = 8;

    @Metadata(defaultValue = "hookline.quarantine",
              description = "The queue where input Hookline refused is kept, with the reason, for an operator.")
    private String quarantineQueue = "hookline.quarantine";

    @Metadata(defaultValue = "1000000",
              description = "The largest single event hookline:publish accepts, in bytes of its canonical JSON; a larger "
                            + "one is refused as too large (413 at the HTTP door). The provider sets it to its batch "
                            + "byte limit when that is smaller.")
    private long maxEventBytes = 1_000_000;

    @Metadata(label = "consumer", description = "Where receiving endpoints remember the ids of events received, "
            + "unless an endpoint names its own: a Camel IdempotentRepository shared by the nodes and kept over restarts "
            + "(the Spring Boot starter sets one on the application's DataSource). Without one, each endpoint keeps ids "
            + "in memory, with a warning at start.")
    private IdempotentRepository idempotentRepository;

    @Metadata(defaultValue = "hookline.dead-letter",
              description = "Where a message of the events queue goes when it failed maxAttempts times on its own, for a "
                            + "reason other than its content (which sends it to the quarantine queue).")
    private String deadLetterQueue = "hookline.dead-letter";

    @Metadata(autowired = true, description = "Where hookline:publish records the ids of the events it publishes, so "
            + "that an id sent again with other content fails at once (EventIdConflictException). Without one, fan-out "
            + "still finds such an event and moves it to the quarantine queue.")
    private EventIdRegistry eventIdRegistry;

    private volatile EventTracing tracing;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        HooklineEndpoint endpoint = new HooklineEndpoint(uri, this);
        String[] parts = remaining.split(":", 2);
        endpoint.setOperation(HooklineOperation.valueOf(parts[0]));
        if (parts.length > 1) {
            endpoint.setName(parts[1]);
        }
        setProperties(endpoint, parameters);
        return endpoint;
    }

    public ConnectionFactory getConnectionFactory() {
        return connectionFactory;
    }

    public void setConnectionFactory(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    public long getMaxEventBytes() {
        return maxEventBytes;
    }

    public void setMaxEventBytes(long maxEventBytes) {
        this.maxEventBytes = maxEventBytes;
    }

    public String getEventsQueue() {
        return eventsQueue;
    }

    public void setEventsQueue(String eventsQueue) {
        this.eventsQueue = eventsQueue;
    }

    public int getPartitions() {
        return partitions;
    }

    public void setPartitions(int partitions) {
        new Partitions(partitions); // refuses a count out of range at once
        this.partitions = partitions;
    }

    /** The partitions of the fan-out. */
    public Partitions partitions() {
        return new Partitions(partitions);
    }

    /** The partitioned queue of an events queue: where the fan-out reads, one message group per partition. */
    public static String partitionedQueue(String eventsQueue) {
        return eventsQueue + ".partitioned";
    }

    public String getDeadLetterQueue() {
        return deadLetterQueue;
    }

    public void setDeadLetterQueue(String deadLetterQueue) {
        this.deadLetterQueue = deadLetterQueue;
    }

    public EventIdRegistry getEventIdRegistry() {
        return eventIdRegistry;
    }

    public void setEventIdRegistry(EventIdRegistry eventIdRegistry) {
        this.eventIdRegistry = eventIdRegistry;
    }

    /**
     * How publishing traces events: the {@link EventTracing} in the registry (the provider's starter puts one there
     * when OpenTelemetry is present), else OpenTelemetry's global instance when Camel's OpenTelemetry tracing is on the
     * classpath, else none (trace contexts are passed on unchanged).
     */
    public EventTracing eventTracing() {
        EventTracing t = tracing;
        if (t == null) {
            t = getCamelContext() == null ? null : CamelContextHelper.findSingleByType(getCamelContext(), EventTracing.class);
            tracing = t = t != null ? t : EventTracing.detect();
        }
        return t;
    }

    public String getQuarantineQueue() {
        return quarantineQueue;
    }

    public void setQuarantineQueue(String quarantineQueue) {
        this.quarantineQueue = quarantineQueue;
    }

    public IdempotentRepository getIdempotentRepository() {
        return idempotentRepository;
    }

    public void setIdempotentRepository(IdempotentRepository idempotentRepository) {
        this.idempotentRepository = idempotentRepository;
    }
}
