package dev.hookline.camel;

import jakarta.jms.ConnectionFactory;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Publish webhook events into Hookline's durable pipeline, or consume them from it.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "hookline", title = "Hookline", syntax = "hookline:operation:name",
             category = { Category.MESSAGING, Category.HTTP }, headersClass = dev.hookline.core.HooklineHeaders.class)
public class HooklineEndpoint extends DefaultEndpoint {

    @UriPath(description = "What the endpoint does: publish (producer), events (consumer of the events queue) "
                           + "or quarantine (producer that keeps refused input for an operator).")
    @Metadata(required = true, enums = "publish,events,quarantine")
    private HooklineOperation operation;

    @UriPath(description = "An optional name, used in thread names and logs.")
    private String name;

    @UriParam(description = "The queue this endpoint reads or writes; defaults to the component's events queue "
                            + "(publish, events) or quarantine queue (quarantine).")
    private String queue;

    @UriParam(label = "consumer", defaultValue = "500",
              description = "The most messages the events consumer takes into one chunk (one exchange, one broker "
                            + "transaction).")
    private int maxMessages = 500;

    @UriParam(label = "consumer", defaultValue = "20", javaType = "java.time.Duration",
              description = "How long, in milliseconds, the events consumer waits for more messages after the first "
                            + "of a chunk before it hands the chunk on.")
    private long maxWait = 20;

    @UriParam(label = "consumer", defaultValue = "1000", javaType = "java.time.Duration",
              description = "How long, in milliseconds, the events consumer waits after a broker failure or a failed "
                            + "chunk before it tries again.")
    private long retryDelay = 1000;

    public HooklineEndpoint(String uri, HooklineComponent component) {
        super(uri, component);
    }

    @Override
    public HooklineComponent getComponent() {
        return (HooklineComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() throws Exception {
        return switch (operation) {
            case publish -> new HooklinePublishProducer(this);
            case quarantine -> new HooklineQuarantineProducer(this);
            case events -> throw new IllegalArgumentException(
                    "hookline:events is a consumer; to send events use hookline:publish");
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (operation != HooklineOperation.events) {
            throw new IllegalArgumentException("hookline:" + operation + " is a producer; consume with hookline:events");
        }
        HooklineEventsConsumer consumer = new HooklineEventsConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    ConnectionFactory connectionFactory() {
        ConnectionFactory cf = getComponent().getConnectionFactory();
        if (cf == null) {
            throw new IllegalStateException(
                    "The hookline component has no JMS ConnectionFactory: configure one or bind one in the registry");
        }
        return cf;
    }

    String resolvedQueue() {
        if (queue != null) {
            return queue;
        }
        return operation == HooklineOperation.quarantine
                ? getComponent().getQuarantineQueue() : getComponent().getEventsQueue();
    }

    public HooklineOperation getOperation() {
        return operation;
    }

    public void setOperation(HooklineOperation operation) {
        this.operation = operation;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getQueue() {
        return queue;
    }

    public void setQueue(String queue) {
        this.queue = queue;
    }

    public int getMaxMessages() {
        return maxMessages;
    }

    public void setMaxMessages(int maxMessages) {
        this.maxMessages = maxMessages;
    }

    public long getMaxWait() {
        return maxWait;
    }

    public void setMaxWait(long maxWait) {
        this.maxWait = maxWait;
    }

    public long getRetryDelay() {
        return retryDelay;
    }

    public void setRetryDelay(long retryDelay) {
        this.retryDelay = retryDelay;
    }
}
