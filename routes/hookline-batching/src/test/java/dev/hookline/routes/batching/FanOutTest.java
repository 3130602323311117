package dev.hookline.routes.batching;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.hookline.core.CanonicalSeal;
import dev.hookline.core.EventJson;
import dev.hookline.core.HooklineExchangeProperties;
import dev.hookline.store.SubscriptionIndex;
import dev.hookline.store.BatchStore;
import dev.hookline.store.EventKeys;
import dev.hookline.store.Subscription;
import dev.hookline.store.SubscriptionRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fan-out of chunks on a real (H2) database: each message is read on its own and a bad one is named with its reason
 * while the others are fanned out in order; ids are scoped by source, the same id with the same content is fanned out
 * once and with other content refused; events without an id get ids derived from their message, so a message read
 * again (redelivered after its chunk's database commit) makes no second copy.
 */
class FanOutTest {

    private final JdbcDataSource dataSource = new JdbcDataSource();
    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private BatchStore store;
    private EventKeys keys;
    private FanOut fanOut;
    private TransactionTemplate tx;
    private SubscriptionIndex index;

    @BeforeEach
    void setUp() {
        dataSource.setURL("jdbc:h2:file:./target/h2-fanout-test/" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        Flyway.configure().dataSource(dataSource).locations("classpath:hookline/db").load().migrate();
        store = new BatchStore(dataSource);
        keys = new EventKeys(dataSource, Clock.systemUTC());
        tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        Subscription orders = new Subscription();
        orders.setId("orders");
        orders.setActive(true);
        orders.setEventTypes(Set.of("order"));
        SubscriptionRepository repository = (SubscriptionRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { SubscriptionRepository.class }, (proxy, method, args) -> {
                    if (method.getName().equals("findByActiveTrue")) {
                        return List.of(orders);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        index = new SubscriptionIndex(repository, new SubscriptionIndex.BatchDefaults(10_000, 30_000, 16L << 20));
        index.refresh();
        fanOut = new FanOut(index, store, keys, Clock.systemUTC(), new BatchingMetrics(meters), 20_000);
    }

    @AfterEach
    void tearDown() throws Exception {
        camel.close();
    }

    @Test
    void eventsWithoutIdsGetIdsFromTheirMessageSoARedeliveredMessageMakesNoSecondCopy() {
        List<String> texts = List.of("{\"type\":\"order\",\"data\":{\"n\":1}}",
                "[{\"type\":\"order\",\"data\":{\"n\":2}},{\"type\":\"order\",\"data\":{\"n\":3}}]");
        List<String> messageIds = List.of("ID:m-1", "ID:m-2");
        assertThat(copies(chunk(texts, messageIds))).hasSize(3);
        assertThat(storedIds()).containsExactly("ID:m-1:0", "ID:m-2:0", "ID:m-2:1");

        Exchange again = chunk(texts, messageIds);
        assertThat(copies(again)).as("the same messages, redelivered").isEmpty();
        assertThat(meters.counter("hookline.events.duplicate").count()).isEqualTo(3);

        assertThat(copies(chunk(texts, List.of("ID:m-3", "ID:m-4")))).as("other messages with the same text").hasSize(3);
    }

    @Test
    void aMessageThatCannotBeFannedOutIsNamedAndTheOthersGoOnInOrder() {
        String tooLarge = "{\"type\":\"order\",\"id\":\"big\",\"data\":{\"s\":\"" + "a".repeat(EventJson.MAX_EVENT_CHARS)
                + "\"}}";
        Exchange chunk = chunk(List.of("{\"type\":\"order\",\"id\":\"a\"}", "{\"type\":\"order\"", tooLarge,
                "{\"type\":5}", "[{\"type\":\"order\",\"id\":\"b\"},{\"type\":\"order\",\"id\":\"c\"}]"), null);
        assertThat(copies(chunk)).hasSize(3);
        assertThat(storedIds()).containsExactly("a", "b", "c");
        Map<Integer, String> rejected = rejected(chunk);
        assertThat(rejected.keySet()).containsExactly(1, 2, 3);
        assertThat(rejected.get(1)).startsWith("Invalid JSON");
        assertThat(rejected.get(2)).contains("larger than");
        assertThat(rejected.get(3)).contains("'type'");
    }

    @Test
    void anEventLargerThanABatchMayHoldIsRefusedLikeTheHttpDoorRefusesIt() {
        String large = "{\"type\":\"order\",\"id\":\"large\",\"data\":{\"s\":\"" + "l".repeat(20_000) + "\"}}";
        Exchange chunk = chunk(List.of(large, "{\"type\":\"order\",\"id\":\"small\"}"), null);
        assertThat(copies(chunk)).hasSize(1);
        assertThat(storedIds()).containsExactly("small");
        assertThat(rejected(chunk)).containsOnlyKeys(0);
        assertThat(rejected(chunk).get(0)).contains("larger than a batch may hold (20000 bytes");
    }

    @Test
    void anIdNamesOneEventWithinItsSource() {
        assertThat(copies(chunk(List.of("{\"type\":\"order\",\"id\":\"x\",\"data\":{\"v\":1}}"), null))).hasSize(1);
        Exchange chunk = chunk(List.of(
                "{\"type\":\"order\",\"id\":\"x\",\"data\":{\"v\":2}}",
                "{\"type\":\"order\",\"id\":\"x\",\"data\":{\"v\":1},\"occurred_at\":\"2026-01-01T00:00:00Z\"}",
                "{\"type\":\"order\",\"id\":\"x\",\"source\":\"shop-2\",\"data\":{\"v\":2}}",
                "[{\"type\":\"order\",\"id\":\"y\"},{\"type\":\"order\",\"id\":\"y\",\"data\":{\"other\":true}}]"), null);
        assertThat(copies(chunk)).as("only x of shop-2 is new").hasSize(1);
        assertThat(rejected(chunk).keySet()).containsExactly(0, 3);
        assertThat(rejected(chunk).get(0)).contains("Event id 'x'").contains("different content");
        assertThat(rejected(chunk).get(3)).contains("Event id 'y'");
        assertThat(storedIds()).containsExactly("x", "x");
    }

    @Test
    void anIdADoorRecordedIsFannedOutOnceWhenItsEventArrives() {
        keys.claim(new EventJson().read("{\"type\":\"order\",\"id\":\"c-1\",\"data\":{\"v\":1}}"));
        String text = "{\"type\":\"order\",\"id\":\"c-1\",\"data\":{\"v\":1}}";
        assertThat(copies(chunk(List.of(text), null))).hasSize(1);
        assertThat(copies(chunk(List.of(text), null))).isEmpty();
    }

    /** Canonical JSON as hookline:publish writes it, spelled (an escaped é, an escaped slash) as the mapper would not. */
    private static final String SEALED_TEXT = "[{\"id\":\"s-1\",\"type\":\"order\",\"occurred_at\":\"2026-01-01T00:00:00Z\","
            + "\"data\":{\"name\":\"Caf\\u00e9\",\"path\":\"a\\/b\"}},"
            + "{\"id\":\"s-2\",\"type\":\"order\",\"source\":\"shop\",\"occurred_at\":\"2026-01-01T00:00:01Z\",\"data\":{}}]";

    @Test
    void aSealedMessageIsStoredAsItCameWithoutBeingParsedAndWrittenAgain() {
        CanonicalSeal seal = CanonicalSeal.derivedFrom(new byte[32]);
        FanOut sealedFanOut = new FanOut(index, store, keys, Clock.systemUTC(), new BatchingMetrics(meters), 20_000, seal);
        String digests = CanonicalSeal.digests(new EventJson().read(SEALED_TEXT));

        Exchange chunk = sealed(SEALED_TEXT, digests, seal.seal(SEALED_TEXT, digests));
        tx.executeWithoutResult(s -> sealedFanOut.process(chunk));

        assertThat(copiesIn(chunk)).hasSize(2);
        assertThat(storedPayloads()).containsExactly(
                "{\"id\":\"s-1\",\"type\":\"order\",\"occurred_at\":\"2026-01-01T00:00:00Z\",\"data\":{\"name\":\"Caf\\u00e9\",\"path\":\"a\\/b\"}}",
                "{\"id\":\"s-2\",\"type\":\"order\",\"source\":\"shop\",\"occurred_at\":\"2026-01-01T00:00:01Z\",\"data\":{}}");
        // the digests it carried stand for the events' content: the same event sent unsealed is a duplicate
        assertThat(copies(chunk(List.of("{\"id\":\"s-1\",\"type\":\"order\",\"data\":{\"path\":\"a/b\",\"name\":\"Café\"}}"), null)))
                .isEmpty();
    }

    @Test
    void aMessageWhoseSealDoesNotVerifyIsParsedAndCheckedInFull() {
        CanonicalSeal seal = CanonicalSeal.derivedFrom(new byte[32]);
        FanOut sealedFanOut = new FanOut(index, store, keys, Clock.systemUTC(), new BatchingMetrics(meters), 20_000, seal);
        String bad = "{\"id\":\"f-1\",\"type\":\"not a type\",\"occurred_at\":\"2026-01-01T00:00:00Z\",\"data\":{}}";
        String digests = "x";
        CanonicalSeal forger = CanonicalSeal.derivedFrom("a key of the producer's own".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        Exchange forged = sealed(bad, digests, forger.seal(bad, digests));
        tx.executeWithoutResult(s -> sealedFanOut.process(forged));
        assertThat(rejected(forged).get(0)).contains("Field 'type' must start with a letter or digit");

        // a seal copied from a genuine message onto other text
        String genuine = SEALED_TEXT;
        String genuineDigests = CanonicalSeal.digests(new EventJson().read(genuine));
        String altered = genuine.replace("\"order\"", "\"not a type\"");
        Exchange copied = sealed(altered, genuineDigests, seal.seal(genuine, genuineDigests));
        tx.executeWithoutResult(s -> sealedFanOut.process(copied));
        assertThat(rejected(copied).get(0)).contains("Field 'type' must start with a letter or digit");
        assertThat(storedPayloads()).isEmpty();
    }

    private Exchange sealed(String text, String digests, String seal) {
        Exchange exchange = chunk(List.of(text), null);
        exchange.setProperty(HooklineExchangeProperties.MESSAGE_SEALS, java.util.Arrays.asList(seal));
        exchange.setProperty(HooklineExchangeProperties.MESSAGE_DIGESTS, java.util.Arrays.asList(digests));
        return exchange;
    }

    private List<String> storedPayloads() {
        return new JdbcTemplate(dataSource).queryForList("SELECT payload FROM stored_event ORDER BY seq", String.class);
    }

    private Exchange chunk(List<String> texts, List<String> messageIds) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(texts);
        if (messageIds != null) {
            exchange.setProperty(HooklineExchangeProperties.MESSAGE_IDS, messageIds);
        }
        return exchange;
    }

    /** Fans the chunk out in one committed transaction, as the route does; returns its copies. */
    private List<EventCopy> copies(Exchange exchange) {
        tx.executeWithoutResult(s -> fanOut.process(exchange));
        return copiesIn(exchange);
    }

    /** The copies a fanned-out chunk's body holds (grouped per subscription), one by one. */
    static List<EventCopy> copiesIn(Exchange exchange) {
        List<EventCopy> all = new ArrayList<>();
        for (Object group : exchange.getMessage().getBody(List.class)) {
            SubscriptionCopies copies = (SubscriptionCopies) group;
            for (int i = 0; i < copies.size(); i++) {
                all.add(copies.copy(i));
            }
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    private static Map<Integer, String> rejected(Exchange exchange) {
        return exchange.getProperty(HooklineExchangeProperties.REJECTED, Map.class);
    }

    private List<String> storedIds() {
        return new JdbcTemplate(dataSource).queryForList("SELECT id FROM stored_event ORDER BY seq", String.class);
    }
}
