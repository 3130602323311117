package dev.hookline.spring.boot.provider;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.jms.ConnectionFactory;

import dev.hookline.camel.HooklineComponent;
import dev.hookline.core.Partitions;
import dev.hookline.core.CanonicalSeal;
import dev.hookline.core.EventCheck;
import dev.hookline.core.tracing.EventTracing;
import dev.hookline.routes.api.ApiKeyAuthenticator;
import dev.hookline.routes.api.ApiPrincipal;
import dev.hookline.routes.batching.BatchAggregationRepository;
import dev.hookline.routes.batching.BatchAggregationStrategy;
import dev.hookline.routes.batching.BatchCompletion;
import dev.hookline.routes.batching.BatchLifecycle;
import dev.hookline.routes.batching.BatchingMetrics;
import dev.hookline.routes.batching.BatchingRoutes;
import dev.hookline.routes.batching.ChunkTransaction;
import dev.hookline.routes.batching.ReaderFence;
import dev.hookline.routes.batching.FanOut;
import dev.hookline.routes.batching.HousekeepingRoutes;
import dev.hookline.routes.batching.IngestSettings;
import dev.hookline.routes.batching.StoreOutage;
import dev.hookline.routes.delivery.DeliveryDispatcher;
import dev.hookline.routes.delivery.DeliveryHealth;
import dev.hookline.routes.delivery.DeliveryMetrics;
import dev.hookline.routes.delivery.DeliveryOutcomes;
import dev.hookline.routes.delivery.DeliveryPreparation;
import dev.hookline.routes.delivery.DeliveryRoutes;
import dev.hookline.routes.delivery.OAuth2Tokens;
import dev.hookline.routes.delivery.DeliverySettings;
import dev.hookline.routes.delivery.DeliveryTracing;
import dev.hookline.routes.delivery.http.TargetHttpClients;
import dev.hookline.routes.intake.DatabaseAvailability;
import dev.hookline.routes.intake.AccountIntake;
import dev.hookline.routes.intake.IntakeRoutes;
import dev.hookline.routes.management.AccountApi;
import dev.hookline.routes.management.PortalLinkApi;
import dev.hookline.routes.management.EventTypeApi;
import dev.hookline.routes.management.EventTypeCatalogue;
import dev.hookline.routes.management.openapi.EventTypesInOpenApi;
import dev.hookline.routes.management.openapi.OpenApiDocument;
import dev.hookline.routes.management.openapi.ResponseDescriptions;
import dev.hookline.routes.management.openapi.SubscriptionOptionsInOpenApi;
import dev.hookline.routes.console.ConsolePagesFilter;
import dev.hookline.routes.console.ConsoleSessionFilter;
import dev.hookline.routes.console.SessionSeal;
import dev.hookline.routes.management.FluidSurveysApi;
import dev.hookline.routes.management.SubscriptionQuota;
import dev.hookline.routes.management.ManagementRoutes;
import dev.hookline.routes.management.MeterTimeline;
import dev.hookline.routes.management.OverviewApi;
import dev.hookline.routes.management.QuarantineApi;
import dev.hookline.routes.management.SubscriptionRules;
import dev.hookline.routes.management.TargetProbe;
import dev.hookline.routes.management.WebhookApi;
import dev.hookline.routes.security.PublicOnlyDnsResolver;
import dev.hookline.routes.security.TargetGuard;
import dev.hookline.store.BatchAppender;
import dev.hookline.store.BatchStore;
import dev.hookline.store.PortalLinkStore;
import dev.hookline.store.EventTypeStore;
import dev.hookline.store.ReaderEpochs;
import dev.hookline.store.StoreTransactionManager;
import dev.hookline.store.DeliveryLane;
import dev.hookline.store.JdbcSubscriptionRepository;
import dev.hookline.store.EventKeys;
import dev.hookline.store.SecretCipher;
import dev.hookline.store.Account;
import dev.hookline.store.AccountStore;
import dev.hookline.store.SubscriptionIndex;
import dev.hookline.store.SubscriptionRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.spi.RestApiProcessorFactory;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentCustomizer;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.util.ClassUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Hookline as a webhook provider in a Spring Boot application, switched on by {@code hookline.provider.enabled=true}
 * (the server sets it): fan-out and batching, delivery, the event door and the management API, as Camel routes, on the
 * application's JMS {@code ConnectionFactory} and {@code DataSource} (with transactions of its own on it, see
 * {@link #hooklineChunkTransaction}). Hookline's tables go into
 * the application's schema (migrated by Flyway into their own history table). The embedded Artemis broker starts only
 * when asked for ({@code hookline.broker.embedded=true} and no {@code hookline.broker.url}); an external one is used
 * when {@code hookline.broker.url} names it; otherwise the application's ConnectionFactory. Every bean backs off when
 * the application defines its own.
 */
@AutoConfiguration(before = ArtemisAutoConfiguration.class, after = DataSourceAutoConfiguration.class)
@ConditionalOnProperty(name = "hookline.provider.enabled", havingValue = "true")
@EnableConfigurationProperties({ HooklineProperties.class, ReceiverProperties.class })
public class HooklineProviderAutoConfiguration {

    /** Bean name of the clock every time decision in Hookline is made on; replace it to test retry windows. */
    public static final String CLOCK = "hooklineClock";

    private static final String EMBEDDED_BROKER_ASKED_FOR =
            "${hookline.broker.embedded:false} && '${hookline.broker.url:}'.isEmpty()";
    private static final String EMBEDDED_BROKER_CLASS = "org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ";

    /** Makes the data directory, when there is one, private to the server's user before any bean writes into it. */
    @Bean
    static DataDirectory hooklineDataDirectory() {
        return new DataDirectory();
    }

    @Bean(name = CLOCK)
    @ConditionalOnMissingBean(name = CLOCK)
    Clock hooklineClock() {
        return Clock.systemUTC();
    }

    /** This node's id: configured, or generated once into the data directory. */
    @Bean
    NodeId hooklineNodeId(HooklineProperties properties) {
        return NodeId.of(properties);
    }

    // ---- the broker

    /** The embedded broker, asked for with {@code hookline.broker.embedded=true} (and no external url). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnExpression(EMBEDDED_BROKER_ASKED_FOR)
    @ConditionalOnClass(name = EMBEDDED_BROKER_CLASS)
    static class EmbeddedBrokerConfiguration {

        /** Hookline's own user on the embedded broker: in-VM only, a new random password at every start, never written. */
        private final BrokerCredential internalUser = BrokerCredential.generate("hookline");

        @Bean(name = "hooklineBroker", initMethod = "start", destroyMethod = "stop")
        @ConditionalOnMissingBean(EmbeddedActiveMQ.class)
        EmbeddedActiveMQ hooklineBroker(HooklineProperties properties, Environment environment) throws Exception {
            HooklineProperties.Broker broker = properties.getBroker();
            if (ClassUtils.isPresent("ch.qos.logback.classic.LoggerContext", getClass().getClassLoader())) {
                AddressFullLogFilter.install();
            }
            return EmbeddedBroker.builder(properties.requireDataDir("the embedded broker's journal", "hookline.broker.url"))
                    .tcpPort(broker.getPort())
                    .journalBufferTimeout(broker.getJournalBufferTimeout())
                    .hooklineUser(internalUser, true)
                    .producerUser(BrokerCredentials.producer(broker, properties.getDataDir()))
                    .adminUser(BrokerCredentials.admin(broker))
                    .eventsQueue(environment.getProperty("camel.component.hookline.events-queue", "hookline.events"))
                    .quarantineQueue(environment.getProperty("camel.component.hookline.quarantine-queue", "hookline.quarantine"))
                    .deadLetterQueue(environment.getProperty("camel.component.hookline.dead-letter-queue", "hookline.dead-letter"))
                    .quarantineRetention(properties.getQuarantine().getRetention())
                    .quarantineMaxBytes(properties.getQuarantine().getMaxSize().toBytes())
                    .eventsPageLimitBytes(broker.getEventsPageLimit().toBytes())
                    .build();
        }

        @Bean(destroyMethod = "stop")
        @DependsOn("hooklineBroker")
        @ConditionalOnMissingBean(ConnectionFactory.class)
        JmsPoolConnectionFactory hooklineConnectionFactory(HooklineProperties properties) {
            return pool(new ActiveMQConnectionFactory(EmbeddedBroker.IN_VM_URL, internalUser.user(), internalUser.password()),
                    properties);
        }

        /**
         * The event door refuses large requests while the fan-out's backlog, read from the embedded broker's
         * accounting, is over its limit; after the API key, before any body is read.
         */
        @Bean
        @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
        FilterRegistrationBean<EventBacklogFilter> hooklineEventBacklog(EmbeddedActiveMQ hooklineBroker,
                HooklineProperties properties, Environment environment) {
            String eventsQueue = environment.getProperty("camel.component.hookline.events-queue", "hookline.events");
            EmbeddedBrokerBacklog backlog = new EmbeddedBrokerBacklog(hooklineBroker, eventsQueue);
            FilterRegistrationBean<EventBacklogFilter> registration = new FilterRegistrationBean<>(new EventBacklogFilter(
                    backlog, properties.getIngest().getMaxBacklog(), backlog::noRoom));
            registration.addUrlPatterns("/api/v1/events", "/api/v1/events/");
            registration.setName("hooklineEventBacklog");
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 15);
            return registration;
        }
    }

    /** The embedded broker asked for without its jar: the start fails, saying what to add. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnExpression(EMBEDDED_BROKER_ASKED_FOR)
    @ConditionalOnMissingClass(EMBEDDED_BROKER_CLASS)
    static class EmbeddedBrokerMissingConfiguration {

        EmbeddedBrokerMissingConfiguration() {
            throw new IllegalStateException("hookline.broker.embedded=true needs the Artemis broker on the classpath: add "
                    + "org.apache.activemq:artemis-jakarta-server, or set hookline.broker.url, or use the application's "
                    + "own ConnectionFactory (spring.artemis.*)");
        }
    }

    /** An external Artemis broker named by {@code hookline.broker.url}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnExpression("!'${hookline.broker.url:}'.isEmpty()")
    static class ExternalBrokerConfiguration {

        @Bean(destroyMethod = "stop")
        @ConditionalOnMissingBean(ConnectionFactory.class)
        JmsPoolConnectionFactory hooklineConnectionFactory(HooklineProperties properties) {
            HooklineProperties.Broker b = properties.getBroker();
            return pool(new ActiveMQConnectionFactory(b.getUrl(), b.getUser(), b.getPassword()), properties);
        }
    }

    static JmsPoolConnectionFactory pool(ActiveMQConnectionFactory factory, HooklineProperties properties) {
        // bodies of every door's default limit (1 MiB) travel whole, not as large messages, so that the broker counts
        // their whole size against an address's limits (the quarantine's cap)
        factory.setMinLargeMessageSize(EmbeddedBroker.MIN_LARGE_MESSAGE_BYTES);
        JmsPoolConnectionFactory pool = new JmsPoolConnectionFactory();
        pool.setConnectionFactory(factory);
        pool.setMaxConnections(properties.getBroker().getMaxConnections());
        pool.setMaxSessionsPerConnection(500);
        pool.setBlockIfSessionPoolIsFullTimeout(10_000);
        // a producer for a destination is created as one, so that the destination's queue parameters (the events
        // queue's exclusive=true) apply when it creates the queue; the pool's shared anonymous producer would drop them
        pool.setUseAnonymousProducers(false);
        return pool;
    }

    // ---- the store

    /**
     * Hookline's tables, migrated after the application's own Flyway migrations when it has them: Flyway refuses to
     * start an application's history in a schema that already holds tables, so Hookline's (baselined beside any
     * existing tables) come second.
     */
    @Bean
    HooklineSchema hooklineSchema(DataSource dataSource, HooklineProperties properties,
            ObjectProvider<FlywayMigrationInitializer> applicationMigrations) {
        applicationMigrations.ifAvailable(initializer -> { });
        return new HooklineSchema(dataSource, properties.secretsKeyFile());
    }

    /** The cipher of the stored secrets (subscriptions' secret columns, the canonical seal). */
    @Bean
    SecretCipher hooklineSecretCipher(HooklineSchema schema) {
        return schema.secretCipher();
    }

    /** Seals what hookline:publish puts on the events queue, so that the fan-out need not check it again. */
    @Bean
    CanonicalSeal hooklineCanonicalSeal(SecretCipher cipher) {
        return cipher.canonicalSeal();
    }

    /** The subscriptions, their secrets encrypted with the cipher. */
    @Bean
    @ConditionalOnMissingBean
    @DependsOn("hooklineSchema")
    SubscriptionRepository hooklineSubscriptions(DataSource dataSource, SecretCipher cipher) {
        return new JdbcSubscriptionRepository(dataSource, cipher);
    }

    @Bean
    @DependsOn("hooklineSchema")
    BatchStore hooklineBatchStore(DataSource dataSource) {
        return new BatchStore(dataSource);
    }

    /** Accounts and their API keys (hashes only). */
    @Bean
    @DependsOn("hooklineSchema")
    AccountStore hooklineAccountStore(DataSource dataSource, @Qualifier(CLOCK) Clock clock) {
        return new AccountStore(dataSource, clock);
    }

    /** The event type catalogue as stored. */
    @Bean
    EventTypeStore hooklineEventTypeStore(DataSource dataSource) {
        return new EventTypeStore(dataSource);
    }

    /**
     * The event type catalogue: which types subscriptions may select (with {@code hookline.subscription.event-types=
     * catalogue}) and, as the registry's {@link dev.hookline.core.EventCheck}, the schemas events are checked against
     * by {@code hookline:publish}.
     */
    @Bean
    EventTypeCatalogue hooklineEventTypeCatalogue(EventTypeStore store, @Qualifier(CLOCK) Clock clock) {
        return new EventTypeCatalogue(store, clock);
    }

    /**
     * The OpenAPI document at {@code camel.rest.api-context-path}: Camel's, with every webhook option and the event
     * type catalogue's current types added at each request. As the registry's one {@link RestApiProcessorFactory},
     * Camel's {@code rest-api} endpoint uses it instead of camel-openapi-java's own (an application's own factory
     * takes its place).
     */
    @Bean
    @ConditionalOnMissingBean(RestApiProcessorFactory.class)
    RestApiProcessorFactory hooklineOpenApiDocument(EventTypeCatalogue catalogue, HooklineProperties properties) {
        return new OpenApiDocument(List.of(new ResponseDescriptions(), new SubscriptionOptionsInOpenApi(),
                new EventTypesInOpenApi(catalogue::types, properties.getSubscription().usesCatalogue())));
    }

    /** Single-use portal links into the console, one account each. */
    @Bean
    PortalLinkStore hooklinePortalLinkStore(DataSource dataSource) {
        return new PortalLinkStore(dataSource);
    }

    /** The ids of recent events, per source: what tells a duplicate from a conflict, at the doors and at fan-out. */
    @Bean
    @DependsOn("hooklineSchema")
    EventKeys hooklineEventKeys(DataSource dataSource, @Qualifier(CLOCK) Clock clock) {
        return new EventKeys(dataSource, clock);
    }

    /** The receivers' duplicate detection, shared by the nodes through the database (set on the hookline component). */
    @Bean(name = "hooklineReceivedIds")
    @DependsOn("hooklineSchema")
    @ConditionalOnMissingBean(ReceivedIdsRepository.class)
    ReceivedIdsRepository hooklineReceivedIds(DataSource dataSource, ReceiverProperties properties,
            @Qualifier(CLOCK) Clock clock) {
        return new ReceivedIdsRepository(dataSource, properties.getDuplicateWindow(), clock);
    }

    @Bean(initMethod = "refresh")
    SubscriptionIndex hooklineSubscriptionIndex(SubscriptionRepository repository, HooklineProperties properties) {
        var batch = properties.getBatch();
        return new SubscriptionIndex(repository, new SubscriptionIndex.BatchDefaults(batch.getMaxEvents(),
                batch.getMaxWait().toMillis(), batch.getMaxBytes()));
    }

    /**
     * The component hands events larger than a batch may hold back to their sender (413 at the HTTP door), rather than
     * storing what cannot be delivered; and its receivers remember ids in Hookline's database.
     */
    @Bean
    ComponentCustomizer hooklineComponentForTheProvider(HooklineProperties properties,
            @Qualifier("hooklineReceivedIds") ObjectProvider<ReceivedIdsRepository> receivedIds) {
        return new ComponentCustomizer() {
            @Override
            public boolean isEnabled(String name, Component target) {
                return target instanceof HooklineComponent;
            }

            @Override
            public void configure(String name, Component target) {
                HooklineComponent hookline = (HooklineComponent) target;
                hookline.setMaxEventBytes(Math.min(hookline.getMaxEventBytes(), properties.getBatch().getMaxBytes()));
                hookline.setPartitions(properties.getPartitions());
                if (hookline.getIdempotentRepository() == null) {
                    hookline.setIdempotentRepository(receivedIds.getIfAvailable());
                }
            }

            @Override
            public int getOrder() {
                return LOWEST; // after camel.component.hookline.* is applied
            }
        };
    }

    // ---- fan-out and batching

    @Bean
    BatchingMetrics hooklineBatchingMetrics(ObjectProvider<MeterRegistry> registry) {
        return new BatchingMetrics(registry.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    BatchAppender hooklineBatchAppender(BatchStore store) {
        return new BatchAppender(store);
    }

    /**
     * One database transaction per chunk of the events queue, on the DataSource's own transaction manager, whatever the
     * application's is: the chunk's writes are Hookline's JDBC, and its stores' own transactions are DataSource
     * transactions too, so all of them agree on what the chunk's transaction is. Under an application's JPA transaction
     * manager, a crash test lost acknowledged events whose ids were committed without their batch copies.
     */
    @Bean
    ChunkTransaction hooklineChunkTransaction(BatchAppender appender, DataSource dataSource, ReaderFence fence) {
        return new ChunkTransaction(new StoreTransactionManager(dataSource), appender, fence);
    }

    /**
     * Fences this node's reading of the fan-out's partitions with an epoch per partition stored in the database (see
     * {@link ReaderFence}).
     */
    @Bean
    ReaderFence hooklineReaderFence(DataSource dataSource, Environment environment, NodeId node,
            @Qualifier(CLOCK) Clock clock) {
        return new ReaderFence(new ReaderEpochs(dataSource),
                environment.getProperty("camel.component.hookline.events-queue", "hookline.events"), node.id(), clock);
    }

    @Bean
    BatchLifecycle hooklineBatchLifecycle(BatchStore store, BatchAppender appender, ChunkTransaction chunk,
            SubscriptionIndex index, NodeId node, DeliveryDispatcher dispatcher, @Qualifier(CLOCK) Clock clock) {
        return new BatchLifecycle(store, appender, chunk, index, clock, node.id(), dispatcher::dispatchSoon);
    }

    @Bean
    BatchAggregationRepository hooklineBatchRepository(BatchLifecycle batches) {
        return new BatchAggregationRepository(batches);
    }

    /**
     * How events are traced through intake, fan-out and delivery: with OpenTelemetry when the application has it (see
     * {@link EventTracingSelection}), else not at all. {@code hookline:publish} finds it in the registry.
     */
    @Bean
    @ConditionalOnMissingBean
    EventTracing hooklineEventTracing(BeanFactory beans) {
        return EventTracingSelection.of(beans);
    }

    @Bean
    BatchingRoutes hooklineBatchingRoutes(HooklineProperties properties, SubscriptionIndex index, BatchStore store,
            EventKeys eventKeys, BatchLifecycle batches, BatchAggregationRepository repository, ChunkTransaction chunk,
            BatchingMetrics metrics, @Qualifier(CLOCK) Clock clock, EventTracing tracing, CanonicalSeal seal,
            ReaderFence fence, EventTypeCatalogue catalogue, ObjectProvider<MeterRegistry> registry) {
        // with the catalogue deciding the types, events outside producers queue are checked against its schemas too
        EventCheck queuedCheck = properties.getSubscription().usesCatalogue() ? catalogue : null;
        Partitions partitions = new Partitions(properties.getPartitions());
        metrics.fanOutShare(registry.getIfAvailable(SimpleMeterRegistry::new), fence, chunk);
        return new BatchingRoutes(properties.getIngest(), new FanOut(index, store, eventKeys, clock, metrics,
                properties.getBatch().getMaxBytes(), seal).tracing(tracing).checking(queuedCheck).partitions(partitions),
                new BatchAggregationStrategy(batches), repository, new BatchCompletion(batches), chunk,
                new StoreOutage(store), fence, partitions);
    }

    @Bean
    HousekeepingRoutes hooklineHousekeepingRoutes(SubscriptionIndex index, BatchStore store, EventKeys eventKeys,
            BatchLifecycle batches, BatchAggregationRepository repository, HooklineProperties properties,
            BatchingMetrics metrics, @Qualifier(CLOCK) Clock clock) {
        return new HousekeepingRoutes(index, () -> batches.closeLeftOpen(repository::isOpenHere), store, eventKeys,
                properties.getMaintenance().getInterval(), properties.getIngest().getDuplicateWindow(),
                properties.getDeadLetter().getRetention(), metrics, clock);
    }

    // ---- delivery

    @Bean
    DeliveryMetrics hooklineDeliveryMetrics(ObjectProvider<MeterRegistry> registry, BatchStore store) {
        return new DeliveryMetrics(registry.getIfAvailable(SimpleMeterRegistry::new), store);
    }

    @Bean(destroyMethod = "stop")
    DeliveryDispatcher hooklineDeliveryDispatcher(BatchStore store, HooklineProperties properties, NodeId node,
            SubscriptionIndex index, @Qualifier(CLOCK) Clock clock) {
        DeliverySettings d = properties.getDelivery();
        long budget = d.getMaxInFlightBytes();
        Map<DeliveryLane, DeliveryDispatcher.LaneLimits> lanes = Map.of(
                DeliveryLane.FIRST, new DeliveryDispatcher.LaneLimits(d.getConcurrency(), budget - budget / 4),
                DeliveryLane.RETRY, new DeliveryDispatcher.LaneLimits(d.getRetryConcurrency(), budget / 4));
        // a lease outlives one POST with a wide margin; it is renewed before each POST of an attempt
        long leaseMs = d.getTimeout().toMillis() * 2 + 10_000;
        DeliveryDispatcher dispatcher = new DeliveryDispatcher(store, clock, lanes, leaseMs, node.id());
        return d.isShareBetweenAccounts() ? dispatcher.owners(index::owners) : dispatcher;
    }

    @Bean
    TargetGuard hooklineTargetGuard(HooklineProperties properties) {
        return new TargetGuard(properties.getSecurity().isAllowPrivateTargets());
    }

    @Bean(destroyMethod = "close")
    TargetHttpClients hooklineTargetHttpClients(HooklineProperties properties, TargetGuard guard,
            @Qualifier(CLOCK) Clock clock) {
        DeliverySettings d = properties.getDelivery();
        // a connection for every attempt a lane may have in flight, and some for test POSTs (first lane)
        return new TargetHttpClients(d.getTimeout(), d.getMaxConnectionsPerHost(),
                Map.of(DeliveryLane.FIRST, d.getConcurrency() + 64, DeliveryLane.RETRY, d.getRetryConcurrency()),
                new PublicOnlyDnsResolver(guard), clock::instant);
    }

    /** OAuth2 access tokens for targets authenticated with the client-credentials grant, shared by deliveries and test POSTs. */
    @Bean
    OAuth2Tokens hooklineOAuth2Tokens(TargetHttpClients clients, @Qualifier(CLOCK) Clock clock) {
        return new OAuth2Tokens(clients.forLane(DeliveryLane.FIRST), clock::instant);
    }

    @Bean
    DeliveryHealth hooklineDeliveryHealth(BatchStore store, HooklineProperties properties, @Qualifier(CLOCK) Clock clock) {
        return new DeliveryHealth(store, clock, properties.getDelivery().getStalledAfter().toMillis());
    }

    /** Delivery's health for {@code /actuator/health}, when the application has Spring Boot Actuator. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    static class DeliveryHealthConfiguration {

        @Bean
        HooklineDeliveryHealthIndicator hooklineDeliveryHealthIndicator(DeliveryHealth health) {
            return new HooklineDeliveryHealthIndicator(health);
        }
    }

    @Bean
    DeliveryRoutes hooklineDeliveryRoutes(HooklineProperties properties, BatchStore store, DeliveryDispatcher dispatcher,
            SubscriptionRepository subscriptions, SubscriptionIndex index, TargetHttpClients clients,
            DeliveryHealth health, DeliveryMetrics metrics, @Qualifier(CLOCK) Clock clock, EventTracing tracing,
            OAuth2Tokens tokens) {
        DeliverySettings d = properties.getDelivery();
        DeliveryOutcomes outcomes = new DeliveryOutcomes(store, subscriptions, d, clock, index::refresh, metrics, health,
                dispatcher.leaseMs());
        return new DeliveryRoutes(d.getPollInterval().toMillis(), d.getThreads(), clients, dispatcher,
                new DeliveryPreparation(store, subscriptions), outcomes, clock)
                .tracing(new DeliveryTracing(tracing, store))
                .oauth2(tokens);
    }

    // ---- the event door and the management API

    @Bean
    IntakeRoutes hooklineIntakeRoutes(BatchStore store, AccountStore accounts, HooklineProperties properties) {
        int defaultRate = properties.getAccount().getMaxEventsPerSecond();
        AccountIntake intake = new AccountIntake(id -> accounts.find(id)
                .map(a -> a.maxEventsPerSecond() != null ? a.maxEventsPerSecond() : defaultRate), System::nanoTime);
        return new IntakeRoutes(new DatabaseAvailability(store), intake, properties.getIngest().getMaxBody());
    }

    /** This node's counts per minute over the last hour, for the overview. */
    @Bean
    MeterTimeline hooklineMeterTimeline(ObjectProvider<MeterRegistry> registry, @Qualifier(CLOCK) Clock clock) {
        return new MeterTimeline(registry.getIfAvailable(SimpleMeterRegistry::new), clock);
    }

    @Bean
    ManagementRoutes hooklineManagementRoutes(SubscriptionRepository subscriptions, SubscriptionIndex index,
            BatchStore store, AccountStore accounts, PortalLinkStore portalLinks, EventTypeStore eventTypeStore,
            EventTypeCatalogue catalogue, TargetGuard guard,
            HooklineProperties properties,
            TargetHttpClients clients, ConnectionFactory connectionFactory, MeterTimeline timeline,
            ObjectProvider<MeterRegistry> registry, Environment environment, @Qualifier(CLOCK) Clock clock,
            OAuth2Tokens tokens) {
        SubscriptionRules rules = new SubscriptionRules(guard, properties.getSubscription(),
                properties.getBatch().getMaxBytes(), catalogue);
        TargetProbe probe = new TargetProbe(clients.forLane(DeliveryLane.FIRST), tokens);
        int defaultMax = properties.getAccount().getMaxSubscriptions();
        SubscriptionQuota quota = new SubscriptionQuota(subscriptions, id -> accounts.find(id)
                .map(a -> a.maxSubscriptions() != null ? a.maxSubscriptions() : defaultMax).orElse(0));
        String quarantineQueue = environment.getProperty("camel.component.hookline.quarantine-queue", "hookline.quarantine");
        return new ManagementRoutes(new WebhookApi(subscriptions, index, store, rules, probe, clock, quota),
                new FluidSurveysApi(subscriptions, index, rules, store, clock, quota),
                new AccountApi(accounts, subscriptions, index, store),
                new PortalLinkApi(accounts, portalLinks, clock),
                new EventTypeApi(eventTypeStore, catalogue, clock),
                new QuarantineApi(connectionFactory, quarantineQueue),
                new OverviewApi(timeline, registry.getIfAvailable(SimpleMeterRegistry::new), store), timeline);
    }

    /** The API key, the console's session and the request limits, on the servlet web server's requests. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class WebConfiguration {

        /** Whose a key is: the admin key's, or an account's. */
        @Bean
        @ConditionalOnMissingBean
        ApiKeyAuthenticator hooklineApiKeys(HooklineProperties properties, AccountStore accounts) {
            return new AdminKeyAuthenticator(ApiKeys.resolve(properties), given -> accounts.authenticate(given).map(Account::id));
        }

        @Bean
        FilterRegistrationBean<ApiKeyFilter> hooklineApiKey(ApiKeyAuthenticator keys, AccountStore accounts,
                @Value("${camel.rest.api-context-path:}") String openApiPath) {
            FilterRegistrationBean<ApiKeyFilter> registration = new FilterRegistrationBean<>(new ApiKeyFilter(keys,
                    openApiPath.isEmpty() ? null : openApiPath, accounts::sessionHolds));
            registration.addUrlPatterns("/api/*");
            registration.setName("hooklineApiKey");
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
            return registration;
        }

        /** The console's session cookies, sealed under a key of their own derived from the secrets key. */
        @Bean
        SessionSeal hooklineConsoleSessionSeal(SecretCipher cipher) {
            return new SessionSeal(cipher.derivedKey("hookline console session cookie v1"));
        }

        /** A console session calls the API in place of a key (changes with its CSRF token); before the key filter. */
        @Bean
        FilterRegistrationBean<ConsoleSessionFilter> hooklineConsoleSession(SessionSeal seal,
                @Qualifier(CLOCK) Clock clock) {
            FilterRegistrationBean<ConsoleSessionFilter> registration =
                    new FilterRegistrationBean<>(new ConsoleSessionFilter(seal, clock));
            registration.addUrlPatterns("/api/*");
            registration.setName("hooklineConsoleSession");
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
            return registration;
        }

        /** The console: signing in and out, its session, its pages' security headers. */
        @Bean
        FilterRegistrationBean<ConsolePagesFilter> hooklineConsolePages(ApiKeyAuthenticator keys, SessionSeal seal,
                PortalLinkStore portalLinks, @Qualifier(CLOCK) Clock clock) {
            FilterRegistrationBean<ConsolePagesFilter> registration = new FilterRegistrationBean<>(new ConsolePagesFilter(
                    keys, seal, clock, token -> portalLinks.redeem(token, clock.millis()).map(ApiPrincipal::account)));
            registration.addUrlPatterns("/console", "/console/*");
            registration.setName("hooklineConsolePages");
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
            return registration;
        }

        @Bean
        FilterRegistrationBean<TrailingSlashFilter> hooklineTrailingSlash() {
            FilterRegistrationBean<TrailingSlashFilter> registration = new FilterRegistrationBean<>(new TrailingSlashFilter());
            registration.addUrlPatterns("/api/*");
            registration.setName("hooklineTrailingSlash");
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 30);
            return registration;
        }

        @Bean
        FilterRegistrationBean<RequestBodyLimitFilter> hooklineRequestBodyLimit(HooklineProperties properties) {
            IngestSettings ingest = properties.getIngest();
            long inFlight = ingest.getMaxBodyInFlight() != null ? ingest.getMaxBodyInFlight()
                    : RequestBodyLimitFilter.defaultBytesInFlight(Runtime.getRuntime().maxMemory());
            FilterRegistrationBean<RequestBodyLimitFilter> registration =
                    new FilterRegistrationBean<>(new RequestBodyLimitFilter(ingest.getMaxBody(), inFlight));
            registration.addUrlPatterns("/api/*", "/hooks/*");
            registration.setName("hooklineRequestBodyLimit");
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
            return registration;
        }
    }
}
