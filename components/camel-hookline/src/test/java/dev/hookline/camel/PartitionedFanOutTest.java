package dev.hookline.camel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import dev.hookline.core.EventJson;
import dev.hookline.core.HooklineExchangeProperties;
import dev.hookline.core.Partitions;
import dev.hookline.core.WebhookEvent;

import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The partitioned fan-out on a real broker configured with nothing for Hookline: producers write events of many
 * accounts to the events queue without a partition; the router puts each in its account's partition (splitting a
 * message of several partitions); a partition stays with the consumer (node) it was given to, the first one leaving
 * hands its partitions over to a second one, and every account's events are still taken in the order sent.
 */
class PartitionedFanOutTest extends CamelTestSupport {

    private static EmbeddedActiveMQ broker;
    private static JmsPoolConnectionFactory pool;
    private static final Partitions PARTITIONS = new Partitions(8);

    private final String queue = "test.part." + System.nanoTime();
    /** node, account, event number, in the order the consumers took them. */
    private final List<String[]> taken = new CopyOnWriteArrayList<>();
    private final Map<String, Set<Integer>> given = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<String> misplaced = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startBroker() throws Exception {
        Path dir = Path.of("target", "artemis-partitions-" + System.nanoTime());
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(true);
        config.setSecurityEnabled(false);
        config.setJournalDirectory(dir.resolve("journal").toString());
        config.setBindingsDirectory(dir.resolve("bindings").toString());
        config.setPagingDirectory(dir.resolve("paging").toString());
        config.setLargeMessagesDirectory(dir.resolve("large").toString());
        config.addAcceptorConfiguration("in-vm", "vm://9");
        broker = new EmbeddedActiveMQ().setConfiguration(config);
        broker.start();
        pool = new JmsPoolConnectionFactory();
        pool.setConnectionFactory(new ActiveMQConnectionFactory("vm://9"));
        pool.setUseAnonymousProducers(false);
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
        component.setQuarantineQueue(queue + ".quarantine");
        component.setPartitions(PARTITIONS.count());
        context.addComponent("hookline", component);
        return context;
    }

    private RouteBuilder node(String name) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("hookline:events:" + name + "?maxMessages=20&maxWait=5&retryDelay=50").routeId(name)
                        .process(e -> record(name, e));
            }
        };
    }

    /** A node whose first chunk waits at {@code gate} before it is taken, telling {@code entered} it is there. */
    private RouteBuilder slowFirstChunkNode(String name, CountDownLatch entered, CountDownLatch gate) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("hookline:events:" + name + "?maxMessages=20&maxWait=5&retryDelay=50").routeId(name)
                        .process(e -> {
                            if (entered.getCount() > 0) {
                                entered.countDown();
                                gate.await(30, TimeUnit.SECONDS);
                            }
                            record(name, e);
                        });
            }
        };
    }

    @SuppressWarnings("unchecked")
    private void record(String node, Exchange exchange) throws InterruptedException {
        List<String> texts = exchange.getMessage().getBody(List.class);
        List<Integer> partitionOf = exchange.getProperty(HooklineExchangeProperties.MESSAGE_PARTITIONS, List.class);
        given.computeIfAbsent(node, n -> new java.util.concurrent.ConcurrentSkipListSet<>())
                .addAll(exchange.getProperty(HooklineExchangeProperties.PARTITIONS_GIVEN, Set.class));
        for (int i = 0; i < texts.size(); i++) {
            for (WebhookEvent e : new EventJson().read(texts.get(i))) {
                if (PARTITIONS.of(e.account()) != partitionOf.get(i)) {
                    misplaced.add(e.id() + " in partition " + partitionOf.get(i));
                }
                taken.add(new String[] { node, e.account(), e.id().substring(e.id().lastIndexOf('-') + 1) });
            }
        }
        Thread.sleep(5); // a node that takes a moment per chunk: partitions move while events are in flight
    }

    private void send(List<String> texts) throws Exception {
        try (Connection c = pool.createConnection(); Session s = c.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageProducer p = s.createProducer(s.createQueue(queue));
            p.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (String text : texts) {
                p.send(s.createTextMessage(text));
            }
            s.commit();
        }
    }

    private static String event(String account, int n) {
        return "{\"id\":\"" + account + "-" + n + "\",\"type\":\"t\""
                + (account == null ? "" : ",\"account\":\"" + account + "\"") + "}";
    }

    @Test
    void aMessageOfSeveralPartitionsIsSplitAndEachEventReachesItsAccountsPartition() throws Exception {
        context.addRoutes(node("solo"));
        Thread.sleep(500);
        String[] two = twoAccountsInDifferentPartitions();
        send(List.of("[" + event(two[0], 1) + "," + event(two[1], 1) + "," + event(two[0], 2) + "]", event(null, 3)));
        awaitTaken(4);
        assertThat(misplaced).isEmpty();
        assertThat(taken.stream().filter(t -> two[0].equals(t[1])).map(t -> t[2]).toList()).containsExactly("1", "2");
        assertThat(given.get("solo")).contains(PARTITIONS.of(two[0]), PARTITIONS.of(two[1]), 0);
    }

    @Test
    void aNodeLeavingHandsItsPartitionsToAnotherKeepingEveryAccountsOrder() throws Exception {
        int accounts = 24;
        int perAccount = 60;
        context.addRoutes(node("a"));
        Thread.sleep(500); // its readers have created the queues as they need them (the events queue exclusive)
        for (int n = 0; n < perAccount; n++) {
            List<String> round = new ArrayList<>();
            for (int a = 0; a < accounts; a++) {
                round.add(event("acct-" + a, n));
            }
            send(round);
            if (n == perAccount / 3) {
                context.addRoutes(node("b")); // a second node joins while events flow
            }
            if (n == 2 * perAccount / 3) {
                awaitDistinct(accounts * (perAccount / 3)); // node b has been given partitions and worked on them
                context.getRouteController().stopRoute("a"); // node a leaves: its partitions go to node b
            }
        }
        awaitDistinct(accounts * perAccount);

        assertThat(misplaced).isEmpty();
        Set<Integer> ofA = new HashSet<>();
        for (String[] t : taken) {
            int partition = PARTITIONS.of(t[1]);
            if (t[0].equals("a")) {
                ofA.add(partition);
            }
        }
        assertThat(ofA).as("node a read partitions").isNotEmpty();
        assertThat(given.get("b")).as("node b was given partitions").isNotEmpty();
        assertThat(taken.stream().filter(t -> t[0].equals("b")).count()).as("node b took events").isPositive();
        // every account's events in the order sent: no event taken before an earlier one of its account
        assertThat(outOfOrder()).isEmpty();
        Map<String, Integer> highest = new HashMap<>();
        for (String[] t : taken) {
            highest.merge(t[1], Integer.parseInt(t[2]), Math::max);
        }
        assertThat(highest).hasSize(accounts).allSatisfy((account, n) -> assertThat(n).isEqualTo(perAccount - 1));
    }

    @Test
    void aNodeJoiningWhileEventsFlowIsGivenItsShareOfThePartitionsAndEveryAccountsOrderHolds() throws Exception {
        int accounts = 24;
        context.addRoutes(node("a"));
        Thread.sleep(500);
        int n = 0;
        for (; n < 10; n++) {
            send(eventsOfRound(accounts, n));
        }
        awaitDistinct(accounts * 10);
        assertThat(given.get("a")).as("node a, alone, holds every partition").hasSize(PARTITIONS.count());
        context.addRoutes(node("b"));
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline && !given.containsKey("b")) {
            send(eventsOfRound(accounts, n++));
            Thread.sleep(50);
        }
        assertThat(given.get("b")).as("node b, joining, was given partitions while node a stayed").isNotEmpty();
        for (int more = 0; more < 10; more++) {
            send(eventsOfRound(accounts, n++));
        }
        awaitDistinct(accounts * n);
        assertThat(outOfOrder()).isEmpty();
        int sent = n;
        // after node b took its share, each partition's events went to one node only
        int firstOfB = 0;
        while (!taken.get(firstOfB)[0].equals("b")) {
            firstOfB++;
        }
        Map<Integer, Set<String>> readers = new HashMap<>();
        for (String[] t : taken.subList(firstOfB, taken.size())) {
            readers.computeIfAbsent(PARTITIONS.of(t[1]), p -> new HashSet<>()).add(t[0]);
        }
        assertThat(readers.values().stream().filter(r -> r.equals(Set.of("a"))).count()).as("partitions node a kept")
                .isPositive();
        assertThat(readers.values().stream().filter(r -> r.equals(Set.of("b"))).count()).as("partitions node b read")
                .isPositive();
        assertThat(taken.stream().filter(t -> Integer.parseInt(t[2]) == sent - 1)).hasSize(accounts);
    }

    @Test
    void nodesJoiningAndLeavingAgainAndAgainWhileEventsFlowLoseNothingAndKeepEveryAccountsOrder() throws Exception {
        int accounts = 24;
        context.addRoutes(node("a"));
        Thread.sleep(500);
        int n = 0;
        // b and c come and go; a stays. Joins make a and the others give partitions back, leaves hand them over.
        String[][] steps = { { "add", "b" }, { "add", "c" }, { "stop", "b" }, { "start", "b" }, { "stop", "c" },
            { "start", "c" }, { "stop", "b" } };
        for (String[] step : steps) {
            long until = System.currentTimeMillis() + 7_000; // past a share check, so that partitions move
            while (System.currentTimeMillis() < until) {
                send(eventsOfRound(accounts, n++));
                Thread.sleep(40);
            }
            switch (step[0]) {
                case "add" -> context.addRoutes(node(step[1]));
                case "stop" -> context.getRouteController().stopRoute(step[1]);
                default -> context.getRouteController().startRoute(step[1]);
            }
        }
        for (int more = 0; more < 10; more++) {
            send(eventsOfRound(accounts, n++));
        }
        awaitDistinct(accounts * n);
        assertThat(outOfOrder()).isEmpty();
        assertThat(taken.stream().map(t -> t[0]).distinct()).as("every node read events").contains("a", "b", "c");
        Map<String, Integer> highest = new HashMap<>();
        for (String[] t : taken) {
            highest.merge(t[1], Integer.parseInt(t[2]), Math::max);
        }
        int sent = n;
        assertThat(highest).hasSize(accounts).allSatisfy((account, last) -> assertThat(last).isEqualTo(sent - 1));
    }

    @Test
    void aNodeStoppedInTheMiddleOfAChunkFinishesItBeforeAnotherNodeIsGivenItsPartitions() throws Exception {
        int accounts = 8;
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        context.addRoutes(slowFirstChunkNode("a", entered, gate));
        Thread.sleep(500);
        for (int n = 0; n < 10; n++) {
            send(eventsOfRound(accounts, n));
        }
        assertThat(entered.await(20, TimeUnit.SECONDS)).as("node a is in its first chunk").isTrue();
        context.addRoutes(node("b"));
        Thread.sleep(300); // node b's consumer is attached
        Thread stopping = new Thread(() -> {
            try {
                context.getRouteController().stopRoute("a");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        stopping.start();
        for (int n = 10; n < 20; n++) {
            send(eventsOfRound(accounts, n));
        }
        Thread.sleep(1_500); // node a is still in its chunk: nothing of its partitions may reach node b meanwhile
        gate.countDown();
        stopping.join(30_000);
        awaitDistinct(accounts * 20);
        assertThat(outOfOrder()).isEmpty();
        assertThat(taken.stream().filter(t -> t[0].equals("b")).count()).as("node b took the rest").isPositive();
    }

    private static List<String> eventsOfRound(int accounts, int n) {
        List<String> round = new ArrayList<>();
        for (int a = 0; a < accounts; a++) {
            round.add(event("acct-" + a, n));
        }
        return round;
    }

    /** Events taken before an earlier event of their account was taken. */
    private List<String> outOfOrder() {
        Map<String, Set<Integer>> seen = new HashMap<>();
        List<String> outOfOrder = new ArrayList<>();
        for (String[] t : taken) {
            int n = Integer.parseInt(t[2]);
            Set<Integer> before = seen.computeIfAbsent(t[1], k -> new HashSet<>());
            for (int earlier = 0; earlier < n; earlier++) {
                if (!before.contains(earlier)) {
                    outOfOrder.add(t[1] + "-" + n + " taken by " + t[0] + " before " + t[1] + "-" + earlier);
                    break;
                }
            }
            before.add(n);
        }
        return outOfOrder;
    }

    @Test
    void twoNodesPresentWhenEventsComeShareThePartitionsEachReadByOneNode() throws Exception {
        context.addRoutes(node("a"));
        context.addRoutes(node("b"));
        Thread.sleep(500); // both consumers are attached
        int accounts = 24;
        for (int n = 0; n < 10; n++) {
            List<String> round = new ArrayList<>();
            for (int a = 0; a < accounts; a++) {
                round.add(event("acct-" + a, n));
            }
            send(round);
        }
        awaitDistinct(accounts * 10);
        Map<Integer, Set<String>> readers = new HashMap<>();
        for (String[] t : taken) {
            readers.computeIfAbsent(PARTITIONS.of(t[1]), p -> new HashSet<>()).add(t[0]);
        }
        assertThat(readers.values()).as("each partition read by one node").allSatisfy(r -> assertThat(r).hasSize(1));
        assertThat(readers.values().stream().flatMap(Set::stream).distinct().count()).as("both nodes read partitions")
                .isEqualTo(2);
    }

    private static String[] twoAccountsInDifferentPartitions() {
        for (int i = 1;; i++) {
            if (PARTITIONS.of("acct-" + i) != PARTITIONS.of("acct-0") && PARTITIONS.of("acct-" + i) != 0
                    && PARTITIONS.of("acct-0") != 0) {
                return new String[] { "acct-0", "acct-" + i };
            }
        }
    }

    private void awaitTaken(int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (taken.size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(taken).hasSizeGreaterThanOrEqualTo(count);
    }

    private void awaitDistinct(int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (distinct() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(distinct()).isGreaterThanOrEqualTo(count);
    }

    private long distinct() {
        return taken.stream().map(t -> t[1] + "-" + t[2]).distinct().count();
    }
}
