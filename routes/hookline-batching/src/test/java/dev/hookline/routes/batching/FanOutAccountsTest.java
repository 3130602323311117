package dev.hookline.routes.batching;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.hookline.core.CanonicalSeal;
import dev.hookline.core.EventJson;
import dev.hookline.core.HooklineExchangeProperties;
import dev.hookline.store.BatchStore;
import dev.hookline.store.EventKeys;
import dev.hookline.store.Subscription;
import dev.hookline.store.SubscriptionIndex;
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
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fan-out by account: an event of an account is copied to that account's subscriptions only, an event of no account to
 * the admin's only, whether its account comes in its own field or in its message's property, sealed or not; a message
 * property and an event field naming different accounts refuse the message; ids are scoped by account.
 */
class FanOutAccountsTest {

    private final JdbcDataSource dataSource = new JdbcDataSource();
    private final DefaultCamelContext camel = new DefaultCamelContext();
    private BatchStore store;
    private EventKeys keys;
    private TransactionTemplate tx;
    private SubscriptionIndex index;
    private final CanonicalSeal seal = CanonicalSeal.derivedFrom(new byte[32]);
    private FanOut fanOut;

    @BeforeEach
    void setUp() {
        dataSource.setURL("jdbc:h2:file:./target/h2-fanout-accounts-test/" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).locations("classpath:hookline/db").load().migrate();
        store = new BatchStore(dataSource);
        keys = new EventKeys(dataSource, Clock.systemUTC());
        tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        List<Subscription> all = List.of(subscription("admins", null), subscription("of-a", "acc-a"),
                subscription("of-b", "acc-b"), subscription("also-of-b", "acc-b"));
        SubscriptionRepository repository = (SubscriptionRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { SubscriptionRepository.class }, (proxy, method, args) -> {
                    if (method.getName().equals("findByActiveTrue")) {
                        return all;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        index = new SubscriptionIndex(repository, new SubscriptionIndex.BatchDefaults(10_000, 30_000, 16L << 20));
        index.refresh();
        fanOut = new FanOut(index, store, keys, Clock.systemUTC(), new BatchingMetrics(new SimpleMeterRegistry()), 20_000,
                seal);
    }

    private static Subscription subscription(String id, String account) {
        Subscription s = new Subscription();
        s.setId(id);
        s.setAccountId(account);
        s.setActive(true);
        s.setEventTypes(Set.of("order"));
        return s;
    }

    @AfterEach
    void tearDown() throws Exception {
        camel.close();
    }

    @Test
    void anEventReachesOnlyTheSubscriptionsOfItsAccount() {
        assertThat(index.owners()).isEqualTo(3);
        assertThat(targets(chunk("{\"type\":\"order\",\"id\":\"1\"}", null))).containsExactly("admins");
        assertThat(targets(chunk("{\"type\":\"order\",\"id\":\"2\",\"account\":\"acc-a\"}", null))).containsExactly("of-a");
        assertThat(targets(chunk("{\"type\":\"order\",\"id\":\"3\"}", "acc-b"))).containsExactlyInAnyOrder("of-b", "also-of-b");
        assertThat(targets(chunk("{\"type\":\"order\",\"id\":\"4\",\"account\":\"acc-b\"}", "acc-b")))
                .containsExactlyInAnyOrder("of-b", "also-of-b");
        assertThat(targets(chunk("{\"type\":\"order\",\"id\":\"5\",\"account\":\"nobody\"}", null))).isEmpty();
    }

    @Test
    void aMessagePropertyAndAnEventFieldNamingDifferentAccountsRefuseTheMessage() {
        Exchange chunk = chunk("[{\"type\":\"order\",\"id\":\"6\"},{\"type\":\"order\",\"id\":\"7\",\"account\":\"acc-a\"}]",
                "acc-b");
        assertThat(targets(chunk)).isEmpty();
        assertThat(rejected(chunk).get(0)).contains("names another account").contains("HooklineAccount");
    }

    @Test
    void aSealedMessageGoesToItsEventsAccountAndItsPropertyCannotMoveIt() {
        String text = "{\"id\":\"s-1\",\"type\":\"order\",\"account\":\"acc-a\",\"occurred_at\":\"2026-01-01T00:00:00Z\",\"data\":{}}";
        String digests = CanonicalSeal.digests(new EventJson().read(text));
        assertThat(targets(sealed(text, digests, null))).containsExactly("of-a");

        String other = text.replace("s-1", "s-2");
        String otherDigests = CanonicalSeal.digests(new EventJson().read(other));
        Exchange moved = sealed(other, otherDigests, "acc-b");
        assertThat(targets(moved)).isEmpty();
        assertThat(rejected(moved).get(0)).contains("names another account");
    }

    @Test
    void idsAreScopedByAccount() {
        assertThat(targets(chunk("{\"type\":\"order\",\"id\":\"same\",\"data\":{\"v\":1}}", "acc-a"))).containsExactly("of-a");
        Exchange other = chunk("{\"type\":\"order\",\"id\":\"same\",\"data\":{\"v\":2}}", "acc-b");
        assertThat(targets(other)).as("another account's event with the same id is no conflict")
                .containsExactlyInAnyOrder("of-b", "also-of-b");
        assertThat(rejected(other)).isEmpty();
        Exchange conflict = chunk("{\"type\":\"order\",\"id\":\"same\",\"data\":{\"v\":3}}", "acc-a");
        assertThat(targets(conflict)).isEmpty();
        assertThat(rejected(conflict).get(0)).contains("Event id 'same'");
    }

    private Exchange chunk(String text, String account) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(List.of(text));
        exchange.setProperty(HooklineExchangeProperties.MESSAGE_ACCOUNTS, java.util.Arrays.asList(account));
        return exchange;
    }

    private Exchange sealed(String text, String digests, String account) {
        Exchange exchange = chunk(text, account);
        exchange.setProperty(HooklineExchangeProperties.MESSAGE_SEALS, List.of(seal.seal(text, digests)));
        exchange.setProperty(HooklineExchangeProperties.MESSAGE_DIGESTS, List.of(digests));
        return exchange;
    }

    /** Fans the chunk out; returns the subscriptions its copies are for. */
    private List<String> targets(Exchange exchange) {
        tx.executeWithoutResult(s -> fanOut.process(exchange));
        return FanOutTest.copiesIn(exchange).stream().map(EventCopy::subscriptionId).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<Integer, String> rejected(Exchange exchange) {
        return exchange.getProperty(HooklineExchangeProperties.REJECTED, Map.class);
    }
}
