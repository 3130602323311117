package dev.hookline.camel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import dev.hookline.core.HooklineExchangeProperties;
import dev.hookline.core.HooklineHeaders;

import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The events consumer on a real broker configured with nothing for Hookline (no exclusive queue, no dead-letter
 * address): no message holds up the others. Messages the route rejects, and messages too large or not text, are moved
 * to quarantine with their reason while the chunk goes on in order; a message that fails on its own is tried a few
 * times and moved to the dead-letter queue while the others are taken, in order; a chunk failing because its store is
 * away is retried as a whole, however often, and nothing goes to the dead-letter queue; and two consumers of one queue
 * do not share it.
 */
class EventsConsumerTest extends CamelTestSupport {

    private static EmbeddedActiveMQ broker;
    private static JmsPoolConnectionFactory pool;

    private final String queue = "test.events." + System.nanoTime();
    private final String quarantine = "test.quarantine." + System.nanoTime();
    private final String deadLetters = "test.dead." + System.nanoTime();
    private final List<List<String>> passed = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startBroker() throws Exception {
        Path dir = Path.of("target", "artemis-consumer-" + System.nanoTime());
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(true);
        config.setSecurityEnabled(false);
        config.setJournalDirectory(dir.resolve("journal").toString());
        config.setBindingsDirectory(dir.resolve("bindings").toString());
        config.setPagingDirectory(dir.resolve("paging").toString());
        config.setLargeMessagesDirectory(dir.resolve("large").toString());
        config.addAcceptorConfiguration("in-vm", "vm://8");
        broker = new EmbeddedActiveMQ().setConfiguration(config);
        broker.start();
        pool = new JmsPoolConnectionFactory();
        pool.setConnectionFactory(new ActiveMQConnectionFactory("vm://8"));
        pool.setUseAnonymousProducers(false); // as Hookline's starter configures its pool
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
        component.setEventsQueue(queue);
        component.setQuarantineQueue(quarantine);
        component.setDeadLetterQueue(deadLetters);
        context.addComponent("hookline", component);
        return context;
    }

    @Test
    void aMessageTheRouteRejectsGoesToQuarantineAndTheChunkGoesOnInOrder() throws Exception {
        context.addRoutes(route("hookline:events:a?maxMessages=50&maxWait=500", exchange -> {
            List<String> texts = texts(exchange);
            Map<Integer, String> rejected = new TreeMap<>();
            List<String> taken = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                if (texts.get(i).startsWith("bad")) {
                    rejected.put(i, "not an event: " + texts.get(i));
                } else {
                    taken.add(texts.get(i));
                }
            }
            exchange.setProperty(HooklineExchangeProperties.REJECTED, rejected);
            passed.add(taken);
        }));
        sendInOneTransaction(List.of("m0", "m1", "bad-2", "m3", "bad-4", "m5"));
        awaitTaken(4);
        assertThat(passed).as("one chunk, nothing retried").hasSize(1);
        assertThat(passed.get(0)).containsExactly("m0", "m1", "m3", "m5");
        assertThat(drain(quarantine)).containsExactly("bad-2 | not an event: bad-2", "bad-4 | not an event: bad-4");
    }

    @Test
    void messagesTooLargeOrNotTextAreQuarantinedBeforeTheRoute() throws Exception {
        context.addRoutes(route("hookline:events:b?maxMessages=50&maxWait=500&maxBodySize=100",
                exchange -> passed.add(texts(exchange))));
        try (Connection c = pool.createConnection(); Session s = c.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageProducer p = s.createProducer(s.createQueue(queue));
            p.send(s.createTextMessage("small-1"));
            p.send(s.createTextMessage("x".repeat(101)));
            p.send(s.createTextMessage("é".repeat(51))); // 102 bytes of UTF-8 in 51 characters
            p.send(s.createObjectMessage(42));
            p.send(s.createTextMessage("small-2"));
            s.commit();
        }
        awaitTaken(2);
        assertThat(passed.stream().flatMap(List::stream).toList()).containsExactly("small-1", "small-2");
        assertThat(drain(quarantine)).containsExactly(
                "x".repeat(101) + " | The message is larger than 100 bytes",
                "é".repeat(51) + " | The message is larger than 100 bytes",
                " | Only text messages of event JSON are accepted");
    }

    @Test
    void aChunkEndsWithTheMessageThatBringsItsTextsToMaxChunkSize() throws Exception {
        context.addRoutes(route("hookline:events:f?maxMessages=50&maxWait=500&maxChunkSize=2500",
                exchange -> passed.add(texts(exchange))));
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            texts.add(String.format("m%02d-", i) + "x".repeat(996));
        }
        sendInOneTransaction(texts);
        awaitTaken(12);
        assertThat(passed).as("chunks of at most 3 messages of 1,000 characters: %s",
                passed.stream().map(List::size).toList()).allSatisfy(chunk -> assertThat(chunk).hasSizeLessThanOrEqualTo(3));
        assertThat(passed.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(texts);
    }

    @Test
    void aMessageThatFailsOnItsOwnGoesToTheDeadLetterQueueAndTheOthersAreTakenInOrder() throws Exception {
        AtomicInteger poisonAttempts = new AtomicInteger();
        context.addRoutes(route("hookline:events:c?maxMessages=50&maxWait=500&retryDelay=50&maxAttempts=3", exchange -> {
            List<String> texts = texts(exchange);
            if (texts.contains("poison")) {
                if (texts.size() == 1) {
                    poisonAttempts.incrementAndGet();
                }
                throw new IllegalStateException("cannot take poison");
            }
            passed.add(texts);
        }));
        sendInOneTransaction(List.of("m0", "m1", "m2", "poison", "m4", "m5"));
        awaitTaken(5);
        assertThat(passed.stream().flatMap(List::stream).toList()).containsExactly("m0", "m1", "m2", "m4", "m5");
        assertThat(poisonAttempts.get()).isEqualTo(3);
        List<String> dead = drain(deadLetters);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0)).startsWith("poison | java.lang.IllegalStateException: cannot take poison");
        assertThat(drain(quarantine)).isEmpty();
    }

    @Test
    void aChunkFailingBecauseItsStoreIsAwayIsRetriedWholeAndNeverDeadLettered() throws Exception {
        AtomicInteger outageLeft = new AtomicInteger(6);
        context.addRoutes(route("hookline:events:d?maxMessages=50&maxWait=500&retryDelay=50&maxAttempts=2", exchange -> {
            if (outageLeft.getAndDecrement() > 0) {
                exchange.setProperty(HooklineExchangeProperties.RETRY_CHUNK, true);
                throw new IllegalStateException("the database does not answer");
            }
            passed.add(texts(exchange));
        }));
        sendInOneTransaction(List.of("m0", "m1", "m2"));
        awaitTaken(3);
        assertThat(outageLeft.get()).isNegative();
        assertThat(passed).as("taken whole, once the store answered").containsExactly(List.of("m0", "m1", "m2"));
        assertThat(drain(deadLetters)).isEmpty();
    }

    @Test
    void twoConsumersOfAQueueTheBrokerDoesNotMakeExclusiveDoNotShareIt() throws Exception {
        List<String> first = new CopyOnWriteArrayList<>();
        List<String> second = new CopyOnWriteArrayList<>();
        context.addRoutes(route("hookline:events:e1?maxMessages=5&maxWait=10", exchange -> first.addAll(texts(exchange))));
        context.addRoutes(route("hookline:events:e2?maxMessages=5&maxWait=10", exchange -> second.addAll(texts(exchange))));
        Thread.sleep(500); // both consumers are attached
        for (int i = 0; i < 100; i++) {
            sendInOneTransaction(List.of("m" + i));
        }
        long deadline = System.currentTimeMillis() + 15_000;
        while (first.size() + second.size() < 100 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(first.size() + second.size()).isEqualTo(100);
        assertThat(first.isEmpty() || second.isEmpty()).as("one reader got everything: %d and %d", first.size(),
                second.size()).isTrue();
    }

    @Test
    void aFullPartitionedQueueIsReportedAsNoRoomAndTheRouterWaitsForRoomKeepingTheOrder() throws Exception {
        // a broker that refuses sends to the partitioned queue once it holds 50 KB (an external broker may be set so)
        String partitioned = HooklineComponent.partitionedQueue(queue);
        broker.getActiveMQServer().getAddressSettingsRepository().addMatch(partitioned, new AddressSettings()
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.FAIL).setMaxSizeBytes(50_000));
        String data = "d".repeat(5_000);
        int published = 0;
        Throwable refused = null;
        while (refused == null && published < 100) {
            try {
                template.sendBody("hookline:publish", "{\"type\":\"t\",\"id\":\"p-" + published + "\",\"data\":{\"d\":\""
                        + data + "\"}}");
                published++;
            } catch (org.apache.camel.CamelExecutionException e) {
                refused = e.getCause();
            }
        }
        assertThat(refused).as("the send refused once the queue was full, as a provider out of room")
                .isInstanceOf(jakarta.jms.ResourceAllocationException.class).hasMessageContaining(partitioned);
        assertThat(published).isBetween(2, 10);
        // events on the events queue, which the router moves onto the full partitioned queue
        List<String> routed = List.of("r-0", "r-1", "r-2", "r-3", "r-4").stream()
                .map(id -> "{\"type\":\"t\",\"id\":\"" + id + "\"}").toList();
        sendInOneTransaction(routed);

        context.addRoutes(route("hookline:events:h?maxMessages=2&maxWait=100", exchange -> passed.add(texts(exchange))));
        awaitTaken(published + routed.size());
        List<String> all = passed.stream().flatMap(List::stream).toList();
        assertThat(all.stream().filter(routed::contains).toList()).as("the routed events, in their order").isEqualTo(routed);
        assertThat(all.subList(0, published)).as("what was on the partitioned queue first").allMatch(t -> t.contains("p-"));
        assertThat(drain(quarantine)).isEmpty();
        assertThat(drain(deadLetters)).isEmpty();
    }

    private static RouteBuilder route(String from, org.apache.camel.Processor processor) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(from).process(processor);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static List<String> texts(org.apache.camel.Exchange exchange) {
        return exchange.getMessage().getBody(List.class);
    }

    private void sendInOneTransaction(List<String> texts) throws Exception {
        try (Connection c = pool.createConnection(); Session s = c.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageProducer p = s.createProducer(s.createQueue(queue));
            p.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (String text : texts) {
                p.send(s.createTextMessage(text));
            }
            s.commit();
        }
    }

    private void awaitTaken(int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (passed.stream().mapToInt(List::size).sum() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(passed.stream().mapToInt(List::size).sum()).isEqualTo(count);
        Thread.sleep(300); // the chunk's commit, and anything that would wrongly come after it
    }

    /** Takes everything off a queue, as "text | reason". */
    private static List<String> drain(String name) throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection c = pool.createConnection(); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            c.start();
            MessageConsumer consumer = s.createConsumer(s.createQueue(name));
            Message m;
            while ((m = consumer.receive(500)) != null) {
                String text = m instanceof TextMessage t ? t.getText() : "";
                String reason = m.getStringProperty(HooklineHeaders.QUARANTINE_REASON);
                found.add(reason == null ? text : text + " | " + reason);
            }
        }
        return found;
    }
}
