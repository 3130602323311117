package dev.hookline.routes.delivery;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.hookline.core.CanonicalEvent;
import dev.hookline.core.outbound.OutboundFormat;
import dev.hookline.routes.delivery.http.TargetAnswer;
import dev.hookline.store.AttemptRecord;
import dev.hookline.store.BatchAppender;
import dev.hookline.store.BatchRecord;
import dev.hookline.store.BatchStore;
import dev.hookline.store.DeliveryLane;
import dev.hookline.store.StoredEvent;
import dev.hookline.store.Subscription;
import dev.hookline.store.SubscriptionRepository;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A per-event format's progress: each delivered event's progress, attempt record and lease extension are one commit,
 * shared with the events other attempts delivered meanwhile, each fenced by its own lease; the lease is not renewed
 * again before the next POST while the last progress extended it moments ago, and is once that is a quarter of a lease
 * ago.
 */
class PerEventProgressTest {

    private static final long LEASE_MS = 22_000;
    private static final int EVENTS = 3;

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };
    private Connection keepOpen;
    private BatchStore store;
    private JdbcTemplate jdbc;
    private DeliveryOutcomes outcomes;
    private ExecutorService writerThread;

    @BeforeEach
    void setUp() throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        dataSource.setUser("sa");
        keepOpen = dataSource.getConnection();
        Flyway.configure().dataSource(dataSource).locations("classpath:hookline/db").load().migrate();
        store = new BatchStore(dataSource);
        jdbc = new JdbcTemplate(dataSource);
        List<StoredEvent> events = new ArrayList<>();
        for (int i = 1; i <= EVENTS; i++) {
            events.add(new StoredEvent(i, "e-" + i, "click", now.get(), "{\"id\":\"e-" + i + "\",\"type\":\"click\",\"occurred_at\":\"2024-05-01T12:00:00Z\",\"data\":{}}"));
        }
        store.insertEvents(events);
        SubscriptionRepository none = (SubscriptionRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { SubscriptionRepository.class }, (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
        outcomes = new DeliveryOutcomes(store, none, new DeliverySettings(), clock, () -> { },
                new DeliveryMetrics(new SimpleMeterRegistry(), store), new DeliveryHealth(store, clock, 60_000), LEASE_MS);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (writerThread != null) {
            writerThread.shutdownNow();
            writerThread.awaitTermination(5, TimeUnit.SECONDS);
        }
        keepOpen.close();
    }

    @Test
    void eachDeliveredEventIsCommittedWithItsAttemptAndExtendsTheLeaseSoTheNextPostNeedsNoRenewal() {
        DeliveryJob job = claimedJob("b-1", "s-1", "token-1");

        assertThat(outcomes.renewLease(job)).isTrue();
        assertThat(leaseUntil("b-1")).as("the first POST renews the claim's lease").isEqualTo(now.get() + LEASE_MS);
        post(job);
        now.addAndGet(5);
        outcomes.answered(job, ok()).join();
        long extendedAt = now.get();
        assertThat(store.find("b-1")).get().extracting(BatchRecord::deliveredEvents).isEqualTo(1);
        assertThat(leaseUntil("b-1")).as("extended with the progress").isEqualTo(extendedAt + LEASE_MS);
        assertThat(store.attemptsOf("s-1", 10)).extracting(AttemptRecord::messageId).containsExactly("e-1");

        now.addAndGet(LEASE_MS / 4 - 1);
        jdbc.update("UPDATE delivery_batch SET lease_until = 0 WHERE id = 'b-1'"); // shows whether a renewal ran
        assertThat(outcomes.renewLease(job)).isTrue();
        assertThat(leaseUntil("b-1")).as("the last progress extended it less than a quarter lease ago: no renewal")
                .isZero();
        jdbc.update("UPDATE delivery_batch SET lease_until = ? WHERE id = 'b-1'", extendedAt + LEASE_MS);

        now.addAndGet(1);
        assertThat(outcomes.renewLease(job)).isTrue();
        assertThat(leaseUntil("b-1")).as("a quarter lease later it is renewed before the POST").isEqualTo(now.get() + LEASE_MS);
    }

    @Test
    void aLeaseTakenOverStopsTheAttemptAtItsNextProgressAndAtItsNextRenewal() {
        DeliveryJob job = claimedJob("b-1", "s-1", "token-1");
        assertThat(outcomes.renewLease(job)).isTrue();
        post(job);
        jdbc.update("UPDATE delivery_batch SET lease_token = 'another-claim' WHERE id = 'b-1'");

        outcomes.answered(job, ok()).join();

        assertThat(job.isLeaseLost()).as("its progress was fenced off").isTrue();
        assertThat(job.hasNextPost()).isFalse();
        assertThat(store.find("b-1")).get().extracting(BatchRecord::deliveredEvents).isEqualTo(0);
        assertThat(store.attemptsOf("s-1", 10)).as("the POST was made, so it is kept").hasSize(1);

        DeliveryJob other = claimedJob("b-2", "s-2", "token-2");
        jdbc.update("UPDATE delivery_batch SET lease_token = 'another-claim' WHERE id = 'b-2'");
        assertThat(outcomes.renewLease(other)).as("no progress yet: the renewal is made, and fenced").isFalse();
        assertThat(other.isLeaseLost()).isTrue();
    }

    @Test
    void eventsDeliveredByManyAttemptsAtOnceAreAllRecordedInOrderEachUnderItsOwnLease() throws Exception {
        writerThread = Executors.newSingleThreadExecutor();
        outcomes.recordDeliveredEventsOn(writerThread);
        int attempts = 24;
        List<DeliveryJob> jobs = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            jobs.add(claimedJob("b-" + i, "s-" + i, "token-" + i));
        }
        jdbc.update("UPDATE delivery_batch SET lease_token = 'another-claim' WHERE id = 'b-7'");
        ExecutorService lanes = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (DeliveryJob job : jobs) {
                done.add(CompletableFuture.runAsync(() -> {
                    while (job.hasNextPost()) {
                        post(job);
                        outcomes.answered(job, ok()).join();
                    }
                }, lanes));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } finally {
            lanes.shutdownNow();
        }
        for (int i = 0; i < attempts; i++) {
            String batch = "b-" + i;
            if (i == 7) {
                assertThat(jobs.get(i).isLeaseLost()).isTrue();
                assertThat(store.find(batch)).get().extracting(BatchRecord::deliveredEvents).isEqualTo(0);
                assertThat(store.attemptsOf("s-7", 10)).as("it stopped after its first POST").hasSize(1);
                continue;
            }
            assertThat(jobs.get(i).allDelivered()).isTrue();
            assertThat(store.find(batch)).get().extracting(BatchRecord::deliveredEvents).isEqualTo(EVENTS);
            assertThat(store.attemptsOf("s-" + i, 10)).extracting(AttemptRecord::messageId)
                    .as("one attempt per POST, newest first").containsExactly("e-3", "e-2", "e-1");
        }
    }

    @Test
    void anAttemptRecordThatCannotBeKeptNeitherUndoesItsDeliveryNorFailsTheEventsCommittedWithIt() throws Exception {
        writerThread = Executors.newSingleThreadExecutor();
        DeliveredEventsWriter writer = new DeliveredEventsWriter(store);
        DeliveryJob good = claimedJob("b-good", "s-good", "token-good");
        DeliveryJob bad = claimedJob("b-bad", "s-bad", "token-bad");
        String tooLong = "s-" + "x".repeat(40); // longer than an attempt's subscription id may be
        CompletableFuture<Boolean> alone = writer.record(delivered(bad, tooLong));
        assertThat(alone.get(10, TimeUnit.SECONDS)).as("its progress is recorded all the same").isTrue();

        writer.start(writerThread);
        CompletableFuture<Boolean> badAgain = writer.record(delivered(bad, tooLong));
        CompletableFuture<Boolean> goodOne = writer.record(delivered(good, "s-good"));
        assertThat(badAgain.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(goodOne.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(store.find("b-bad")).get().extracting(BatchRecord::deliveredEvents).isEqualTo(1);
        assertThat(store.find("b-good")).get().extracting(BatchRecord::deliveredEvents).isEqualTo(1);
        assertThat(store.attemptsOf("s-good", 10)).as("kept, whether it shared a commit with the other or not")
                .extracting(AttemptRecord::messageId).containsExactly("e-1");
    }

    private dev.hookline.store.DeliveredEvent delivered(DeliveryJob job, String subscriptionId) {
        return new dev.hookline.store.DeliveredEvent(job.batch().id(), job.claim().leaseToken(), 1, now.get() + LEASE_MS,
                subscriptionId, new AttemptRecord(job.batch().id(), "e-1", now.get(), "delivered", 200, 1, "HTTP 200"));
    }

    private DeliveryJob claimedJob(String batchId, String subscriptionId, String token) {
        store.openBatch(batchId, subscriptionId, now.get(), "node-a");
        BatchAppender appender = new BatchAppender(store);
        for (int i = 1; i <= EVENTS; i++) {
            appender.append(batchId, i, 30);
        }
        appender.flush();
        store.closeBatch(batchId, now.get());
        assertThat(store.claim(batchId, token, "node-a", now.get() + LEASE_MS, now.get())).isTrue();
        Subscription s = new Subscription();
        s.setId(subscriptionId);
        s.setActive(true);
        s.setTarget("https://example.com/" + subscriptionId);
        BatchRecord batch = store.find(batchId).orElseThrow();
        DeliveryJob job = DeliveryJob.of(new DeliveryClaim(batchId, subscriptionId, token, DeliveryLane.FIRST, 90),
                batch, s, ONE_PER_POST);
        job.postEvents(store.payloadsOf(batchId));
        return job;
    }

    private void post(DeliveryJob job) {
        job.nextRequest(clock.instant());
    }

    private long leaseUntil(String batchId) {
        return jdbc.queryForObject("SELECT lease_until FROM delivery_batch WHERE id = ?", Long.class, batchId);
    }

    private static TargetAnswer ok() {
        return new TargetAnswer(200, null, null, "", false, 1);
    }

    private static final OutboundFormat ONE_PER_POST = new OutboundFormat() {
        @Override
        public String name() {
            return "one-per-post";
        }

        @Override
        public boolean perEvent() {
            return true;
        }

        @Override
        public String contentType() {
            return "application/json";
        }

        @Override
        public byte[] eventOfStored(CanonicalEvent event) {
            return event.id().getBytes(StandardCharsets.UTF_8);
        }
    };
}
