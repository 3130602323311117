package dev.hookline.camel;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import dev.hookline.core.EventFormatException;
import dev.hookline.core.EventJson;
import dev.hookline.core.StrictJson;
import dev.hookline.core.HooklineExchangeProperties;
import dev.hookline.core.HooklineHeaders;
import dev.hookline.core.WebhookEvent;

import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HooklineComponentTest extends CamelTestSupport {

    private static EmbeddedActiveMQ broker;
    private static JmsPoolConnectionFactory pool;

    private final List<List<String>> chunks = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();

    @BeforeAll
    static void startBroker() throws Exception {
        Path dir = Path.of("target", "artemis-" + System.nanoTime());
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(true);
        config.setSecurityEnabled(false);
        config.setJournalDirectory(dir.resolve("journal").toString());
        config.setBindingsDirectory(dir.resolve("bindings").toString());
        config.setPagingDirectory(dir.resolve("paging").toString());
        config.setLargeMessagesDirectory(dir.resolve("large").toString());
        config.addAcceptorConfiguration("in-vm", "vm://7");
        broker = new EmbeddedActiveMQ().setConfiguration(config);
        broker.start();
        pool = new JmsPoolConnectionFactory();
        pool.setConnectionFactory(new ActiveMQConnectionFactory("vm://7"));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        pool.stop();
        broker.stop();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        HooklineComponent component = new HooklineComponent();
        component.setConnectionFactory(pool);
        component.setEventsQueue("test.events." + System.nanoTime());
        context.addComponent("hookline", component);
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("hookline:events:test?maxMessages=50&maxWait=1000&retryDelay=100")
                        .routeId("events")
                        .process(exchange -> {
                            if (failuresLeft.getAndDecrement() > 0) {
                                exchange.setProperty(HooklineExchangeProperties.RETRY_CHUNK, true);
                                throw new IllegalStateException("simulated database outage");
                            }
                            @SuppressWarnings("unchecked")
                            List<String> texts = exchange.getMessage().getBody(List.class);
                            chunks.add(List.copyOf(texts));
                        });
            }
        };
    }

    @Test
    void publishesEventsThatTheEventsConsumerReadsInChunks() throws Exception {
        // all 120 are on the queue before the consumer starts: chunks of 50, 50, then the 20 left after the max wait
        context.getRouteController().stopRoute("events");
        for (int i = 0; i < 120; i++) {
            template.sendBody("hookline:publish", Map.of("type", "delivery", "id", "e" + i, "data", Map.of("n", i)));
        }
        context.getRouteController().startRoute("events");
        awaitMessages(120);
        assertThat(chunks).extracting(List::size).containsExactly(50, 50, 20);
        List<String> ids = chunks.stream().flatMap(List::stream)
                .map(t -> new EventJson().read(t).get(0).id()).toList();
        assertThat(ids).containsExactlyElementsOf(IntStream.range(0, 120).mapToObj(i -> "e" + i).toList());
    }

    @Test
    void publishesAListAsOneMessageAndAnswersWithTheAcceptedEvents() throws Exception {
        Object reply = template.requestBody("hookline:publish", "[{\"type\":\"open\"},{\"type\":\"click\",\"id\":\"c1\"}]");
        assertThat(reply).asList().hasSize(2);
        assertThat(((WebhookEvent) ((List<?>) reply).get(1)).id()).isEqualTo("c1");
        awaitMessages(1);
        assertThat(new EventJson().read(chunks.get(0).get(0))).extracting(WebhookEvent::type).containsExactly("open", "click");
    }

    @Test
    void eventsThatWouldMakeAMessageLargerThanTheFanOutTakesAreSentAsSeveralInOrder() throws Exception {
        // 40 events of about 30 KB: about 1.2 MB of JSON, more than the 1 MiB message the consumer takes
        String data = "d".repeat(30_000);
        List<Map<String, Object>> events = IntStream.range(0, 40)
                .mapToObj(i -> Map.<String, Object>of("type", "big", "id", "big-" + i, "data", Map.of("s", data))).toList();
        Object reply = template.requestBody("hookline:publish", events);
        assertThat(reply).asList().hasSize(40);
        awaitMessages(2);
        List<String> texts = chunks.stream().flatMap(List::stream).toList();
        assertThat(texts).allSatisfy(t -> assertThat(StrictJson.utf8Length(t)).isLessThanOrEqualTo(1024 * 1024));
        List<String> ids = texts.stream().flatMap(t -> new EventJson().read(t).stream()).map(WebhookEvent::id).toList();
        assertThat(ids).containsExactlyElementsOf(IntStream.range(0, 40).mapToObj(i -> "big-" + i).toList());
    }

    @Test
    void aSingleEventLargerThanAMessageMayBeIsRefusedBeforeItIsSent() {
        String data = "d".repeat(200_000);
        assertThatThrownBy(() -> template.sendBody("hookline:publish?maxBodySize=100000",
                Map.of("type", "big", "id", "alone", "data", Map.of("s", data))))
                .rootCause().isInstanceOf(EventFormatException.class)
                .hasMessageStartingWith("Event alone is 2000")
                .hasMessageEndingWith("bytes of JSON, more than a message of the events queue may hold (100000)");
    }

    @Test
    void rollsBackAFailedChunkSoTheBrokerRedeliversIt() throws Exception {
        failuresLeft.set(2);
        template.sendBody("hookline:publish", "{\"type\":\"bounce\",\"id\":\"b1\"}");
        awaitMessages(1);
        assertThat(failuresLeft.get()).isNegative();
        assertThat(chunks.get(0)).hasSize(1);
    }

    @Test
    void refusesInvalidEventsBeforeTheyReachTheBroker() {
        assertThatThrownBy(() -> template.sendBody("hookline:publish", "{\"data\":{}}"))
                .isInstanceOf(CamelExecutionException.class)
                .hasCauseInstanceOf(EventFormatException.class)
                .hasRootCauseMessage("Field 'type' is required");
    }

    @Test
    void consumerOnlyAndProducerOnlyOperationsRefuseTheOtherRoleByName() {
        assertThatThrownBy(() -> context.getEndpoint("hookline:receive:orders").createProducer())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hookline:receive only consumes (it receives a provider's callbacks over HTTP) and cannot be "
                            + "sent to; to send events use hookline:publish");
        assertThatThrownBy(() -> context.getEndpoint("hookline:events").createProducer())
                .hasMessageStartingWith("hookline:events only consumes");
        assertThatThrownBy(() -> context.getEndpoint("hookline:quarantine").createConsumer(exchange -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hookline:quarantine only produces (it puts messages on the quarantine queue) and cannot be "
                            + "consumed from; consume with hookline:events (the events queue) or hookline:receive (a "
                            + "provider's webhook callbacks)");
        assertThatThrownBy(() -> context.getEndpoint("hookline:publish").createConsumer(exchange -> { }))
                .hasMessageStartingWith("hookline:publish only produces (it puts messages on the events queue)");
    }

    @Test
    void receiveModeIsReadWithoutRegardToCase() {
        HooklineEndpoint sync = context.getEndpoint("hookline:receive:a?mode=sync", HooklineEndpoint.class);
        HooklineEndpoint async = context.getEndpoint("hookline:receive:b?mode=ASYNC", HooklineEndpoint.class);
        assertThat(sync.getMode()).isEqualTo(ReceiveMode.SYNC);
        assertThat(async.getMode()).isEqualTo(ReceiveMode.ASYNC);
        assertThat(context.getEndpoint("hookline:receive:c", HooklineEndpoint.class).getMode()).isEqualTo(ReceiveMode.ASYNC);
        assertThatThrownBy(() -> context.getEndpoint("hookline:receive:d?mode=later"))
                .as("an unknown mode is refused where the endpoint is resolved")
                .isInstanceOf(org.apache.camel.ResolveEndpointFailedException.class);
    }

    @Test
    void anEndpointReachesTheBrokerThroughItsOwnConnectionFactory() throws Exception {
        HooklineComponent bare = new HooklineComponent();
        bare.setAutowiredEnabled(false);
        context.addComponent("bare", bare);
        context.getRegistry().bind("endpointFactory", pool);
        assertThatThrownBy(() -> template.sendBody("bare:publish?queue=test.own-factory", "{\"type\":\"open\"}"))
                .hasRootCauseMessage("The hookline component has no JMS ConnectionFactory: configure one or bind one in the registry");

        template.sendBody("bare:publish?queue=test.own-factory&connectionFactory=#endpointFactory",
                "{\"type\":\"open\",\"id\":\"o1\"}");
        try (Connection c = pool.createConnection(); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            c.start();
            TextMessage m = (TextMessage) s.createConsumer(s.createQueue("test.own-factory.partitioned")).receive(5000);
            assertThat(m).isNotNull();
            assertThat(new EventJson().read(m.getText()).get(0).id()).isEqualTo("o1");
            assertThat(m.getStringProperty("JMSXGroupID")).as("an event of no account: partition 0").isEqualTo("p0");
        }
    }

    @Test
    void quarantineKeepsTheRawBodyWithItsReason() throws Exception {
        template.sendBodyAndHeaders("hookline:quarantine?queue=test.quarantine", "{not json",
                Map.of(HooklineHeaders.QUARANTINE_REASON, "Invalid JSON", HooklineHeaders.QUARANTINE_ORIGIN, "test"));
        try (Connection c = pool.createConnection(); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            c.start();
            MessageConsumer consumer = s.createConsumer(s.createQueue("test.quarantine"));
            TextMessage m = (TextMessage) consumer.receive(5000);
            assertThat(m.getText()).isEqualTo("{not json");
            assertThat(m.getStringProperty(HooklineHeaders.QUARANTINE_REASON)).isEqualTo("Invalid JSON");
        }
    }

    private void awaitMessages(int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (chunks.stream().mapToInt(List::size).sum() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(chunks.stream().mapToInt(List::size).sum()).isEqualTo(count);
    }
}
