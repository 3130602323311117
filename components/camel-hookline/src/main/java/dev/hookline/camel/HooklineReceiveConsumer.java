package dev.hookline.camel;

import dev.hookline.core.WebhookEvent;
import dev.hookline.core.inbound.InboundDialect;
import dev.hookline.core.inbound.InboundDialects;
import dev.hookline.core.inbound.ReceiverVerification;

import org.apache.camel.AfterPropertiesConfigured;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.DefaultPlatformHttpConsumer;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumerAware;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code hookline:receive} consumer: receives a provider's webhook callbacks on an HTTP path of the runtime's web
 * server and emits one exchange per normalized {@link WebhookEvent} (or one per callback with {@code split=false}).
 *
 * <p>The path is served through Camel's platform-http SPI ({@link CallbackPathRegistration}): the
 * {@link org.apache.camel.component.platform.http.spi.PlatformHttpEngine} of the runtime creates the HTTP consumer, so
 * that the receiver runs on Spring Boot's servlet container (camel-platform-http-starter) and on Vert.x (Camel Main's
 * camel-platform-http-main, as Camel JBang runs it) alike, and this consumer is
 * {@link PlatformHttpConsumerAware} like platform-http's own. Camel's other door for HTTP consumers,
 * {@link org.apache.camel.spi.RestConsumerFactory} (what camel-webhook uses), is not used: it picks whichever REST
 * component the application has (servlet, jetty, netty-http, undertow or platform-http: ambiguous on a Spring Boot
 * application with more than one), applies the application's REST configuration (its context path, binding mode and
 * component properties, meant for its REST API) to a path that must see the raw request, and gives no way to keep
 * Vert.x from parsing a form-encoded body, whose raw bytes the signature covers.
 *
 * <p>The work is split in two: {@link CallbackHandler} is the HTTP side (raw body and headers, verification, the
 * dialect, duplicates, the answer), and an {@link InboundHandOff} takes the new events before the answer. In
 * {@link ReceiveMode#ASYNC} ({@link QueueHandOff}) they are written, in one broker transaction, to the durable queue
 * {@code hookline.inbound.<name>} and the provider gets 200 at once; a {@link TransactedQueueReader} runs the route
 * from that queue, and a failed run is rolled back and redelivered. In {@link ReceiveMode#SYNC} ({@link RouteHandOff})
 * the route runs before the answer, and a failure answers 500 so that the provider retries.
 */
public class HooklineReceiveConsumer extends DefaultConsumer implements PlatformHttpConsumerAware {

    private static final Logger LOG = LoggerFactory.getLogger(HooklineReceiveConsumer.class);

    private final HooklineEndpoint endpoint;
    private ReceivedIds ids;
    private InboundHandOff handOff;
    private DefaultPlatformHttpConsumer httpConsumer;
    private AfterPropertiesConfigured afterConfigured;

    public HooklineReceiveConsumer(HooklineEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    public boolean isHostedService() {
        return true;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        InboundDialect dialect = InboundDialects.named(endpoint.getDialect());
        ReceiverVerification verification = new ReceiverVerification(dialect, endpoint.verificationSettings(),
                endpoint.isAllowUnauthenticated());
        if (!verification.settings().any()) {
            LOG.warn("Receiver {} accepts callbacks from anyone (allowUnauthenticated=true, no token, secret or publicKey)",
                    endpoint.getName());
        }
        ids = new ReceivedIds(endpoint.getName(), endpoint.getIdempotentRepository() != null
                ? endpoint.getIdempotentRepository() : endpoint.getComponent().getIdempotentRepository(),
                endpoint.getDuplicateWindow(), endpoint.getSignatureTolerance());
        ids.start();
        ReceivedEventsEmitter emitter = new ReceivedEventsEmitter(this, endpoint.isSplit());
        if (endpoint.getMode() == ReceiveMode.SYNC) {
            handOff = new RouteHandOff(emitter);
        } else {
            QueueHandOff queue = new QueueHandOff(endpoint, emitter);
            queue.start(getEndpoint().getCamelContext(), this, "hookline-receive-" + endpoint.getName());
            handOff = queue;
        }
        QueueSender quarantine = new QueueSender(endpoint.connectionFactory(), endpoint.resolvedQuarantineQueue());
        CallbackHandler handler = new CallbackHandler(endpoint, dialect, verification, ids, handOff, quarantine);
        httpConsumer = CallbackPathRegistration.create(getEndpoint().getCamelContext(), endpoint.resolvedPath(), handler,
                endpoint.getMaxBodySize());
        if (afterConfigured != null) {
            httpConsumer.registerAfterConfigured(afterConfigured);
        }
        ServiceHelper.startService(httpConsumer);
        LOG.info("Receiving {} webhooks on POST {} ({})", endpoint.getDialect(), endpoint.resolvedPath(),
                endpoint.getMode() == ReceiveMode.SYNC ? "route runs before the answer"
                        : "durable hand-off to " + endpoint.resolvedQueue());
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopAndShutdownService(httpConsumer);
        httpConsumer = null;
        if (handOff != null) {
            handOff.stop();
            handOff = null;
        }
        if (ids != null) {
            ids.stop();
        }
        super.doStop();
    }

    /** The platform-http consumer serving the receiver's path, while it runs (null otherwise). */
    @Override
    public PlatformHttpConsumer getPlatformHttpConsumer() {
        return httpConsumer == null ? null : httpConsumer.getPlatformHttpConsumer();
    }

    @Override
    public void registerAfterConfigured(AfterPropertiesConfigured listener) {
        this.afterConfigured = listener;
    }
}
