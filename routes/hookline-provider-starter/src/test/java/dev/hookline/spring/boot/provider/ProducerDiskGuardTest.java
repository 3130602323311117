package dev.hookline.spring.boot.provider;

import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The guard judges the disk as it is at the send, not as the broker last sampled it: a producer streaming large
 * messages fills hundreds of megabytes between two of the broker's samples (every disk-scan-period), past the guard's
 * margin and past max-disk-usage before the broker has seen anything. Here the broker samples once an hour, and its
 * max-disk-usage is set a few points above what the disk holds: the guard's line (5 points lower) is already crossed.
 */
class ProducerDiskGuardTest {

    private static final BrokerCredential HOOKLINE = new BrokerCredential("hookline", "hookline-password-4Tq8vW2z");
    private static final BrokerCredential PRODUCER = new BrokerCredential("producer", "producer-password-9Lp3xR7c");

    @TempDir
    Path dir;

    @Test
    void aSendIsRefusedOnWhatTheDiskHoldsNowNotOnTheBrokersLastSample() throws Exception {
        EmbeddedActiveMQ embedded = startedPastTheGuardsLine();
        ExecutorService sends = Executors.newSingleThreadExecutor();
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(EmbeddedBroker.IN_VM_URL,
                PRODUCER.user(), PRODUCER.password());
             Connection c = factory.createConnection()) {
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("hookline.events"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            // a small message, and a large one (the client's default above 100 KiB), a file of its own
            for (String text : new String[] {"{\"type\":\"t\",\"id\":\"small\"}",
                    "{\"type\":\"t\",\"id\":\"large\",\"data\":\"" + "x".repeat(300_000) + "\"}"}) {
                Future<?> send = sends.submit(() -> {
                    producer.send(session.createTextMessage(text));
                    return null;
                });
                assertThatThrownBy(() -> send.get(30, TimeUnit.SECONDS))
                        .as("a send with the disk past the guard's line").hasCauseInstanceOf(JMSException.class)
                        .hasMessageContaining("near its limit");
            }
            assertThat(largeMessageFiles()).as("the refused large message's file").isZero();
            assertThat(queued(embedded)).isZero();
            // a transacted send expects no answer: its refusal fails the commit, else the producer is told it was taken
            Session transacted = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer inTransaction = transacted.createProducer(transacted.createQueue("hookline.events"));
            inTransaction.send(transacted.createTextMessage("{\"type\":\"t\",\"id\":\"transacted\"}"));
            assertThatThrownBy(transacted::commit).as("the commit of a refused send")
                    .isInstanceOf(JMSException.class).hasMessageContaining("near its limit");
            assertThat(queued(embedded)).isZero();
            // Hookline's own sends pass (its HTTP door is held back before the request is read)
            try (ActiveMQConnectionFactory own = new ActiveMQConnectionFactory(EmbeddedBroker.IN_VM_URL,
                    HOOKLINE.user(), HOOKLINE.password()); Connection hookline = own.createConnection()) {
                Session ownSession = hookline.createSession(false, Session.AUTO_ACKNOWLEDGE);
                ownSession.createProducer(ownSession.createQueue("hookline.events.partitioned"))
                        .send(ownSession.createTextMessage("{\"type\":\"t\",\"id\":\"moved\"}"));
            }

            // room again: taken
            embedded.getConfiguration().setMaxDiskUsage(100);
            producer.send(session.createTextMessage("{\"type\":\"t\",\"id\":\"after\"}"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (queued(embedded) < 1 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(queued(embedded)).isOne();
        } finally {
            sends.shutdownNow();
            embedded.stop();
        }
    }

    @Test
    void producersLargeMessagesAreRefusedOnceTheQueuesHoldTheBacklogLimit() throws Exception {
        // the limit: 64 MB the events queue holds in memory, and 1 MB of pages
        EmbeddedActiveMQ embedded = EmbeddedBroker.builder(dir).hooklineUser(HOOKLINE, false).producerUser(PRODUCER)
                .eventsPageLimitBytes(1024 * 1024).build();
        embedded.start();
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(EmbeddedBroker.IN_VM_URL,
                PRODUCER.user(), PRODUCER.password());
             Connection c = factory.createConnection()) {
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("hookline.events"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            // 500,000 characters: a large message (the client's default above 100 KiB) of about 1 MB, a file of its
            // own that the address's byte limit and page limit hardly count
            String text = "{\"type\":\"t\",\"data\":\"" + "x".repeat(500_000) + "\"}";
            int taken = 0;
            JMSException refused = null;
            while (refused == null && taken < 200) {
                try {
                    producer.send(session.createTextMessage(text));
                    taken++;
                } catch (JMSException e) {
                    refused = e;
                }
            }
            assertThat(refused).as("a send refused once the queues held their limit").isNotNull();
            assertThat(refused.getMessage()).contains("more than their limit");
            assertThat(taken).as("about 65 MB taken").isBetween(60, 70);
            assertThat(largeMessageFiles()).as("the files of the messages taken, none of the refused").isEqualTo(taken);
            assertThat(queued(embedded)).isEqualTo(taken);
            // Hookline's own sends pass
            try (ActiveMQConnectionFactory own = new ActiveMQConnectionFactory(EmbeddedBroker.IN_VM_URL,
                    HOOKLINE.user(), HOOKLINE.password()); Connection hookline = own.createConnection()) {
                Session ownSession = hookline.createSession(false, Session.AUTO_ACKNOWLEDGE);
                ownSession.createProducer(ownSession.createQueue("hookline.events")).send(ownSession.createTextMessage(text));
            }
            assertThat(queued(embedded)).isEqualTo(taken + 1);
        } finally {
            embedded.stop();
        }
    }

    @Test
    void aSendNamingTheQueueFullyQualifiedIsRefusedToo() throws Exception {
        EmbeddedActiveMQ embedded = startedPastTheGuardsLine();
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(EmbeddedBroker.IN_VM_URL,
                PRODUCER.user(), PRODUCER.password());
             Connection c = factory.createConnection()) {
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            // address::queue reaches the same queue, and the producer may send to it
            for (String queue : new String[] {"hookline.events::hookline.events",
                    "hookline.events.partitioned::hookline.events.partitioned"}) {
                MessageProducer producer = session.createProducer(session.createQueue(queue));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                assertThatThrownBy(() -> producer.send(session.createTextMessage("{\"type\":\"t\",\"id\":\"fq\"}")))
                        .as("a send to %s with the disk past the guard's line", queue)
                        .isInstanceOf(JMSException.class).hasMessageContaining("near its limit");
            }
            assertThat(queued(embedded)).isZero();
            assertThat(embedded.getActiveMQServer().locateQueue("hookline.events.partitioned").getMessageCount())
                    .isZero();
        } finally {
            embedded.stop();
        }
    }

    @Test
    void theReserveIsFivePercentOfTheDiskOrOneGibibyteWhicheverIsMore() {
        long gib = 1024L * 1024 * 1024;
        // 100 GiB at max-disk-usage 90 %: 5 GiB kept
        assertThat(ProducerDiskGuard.shortOfRoom(100 * gib, 20 * gib, 90)).as("10 GiB left below the limit").isFalse();
        assertThat(ProducerDiskGuard.shortOfRoom(100 * gib, 15 * gib + 1, 90)).as("just over 5 GiB left").isFalse();
        assertThat(ProducerDiskGuard.shortOfRoom(100 * gib, 14 * gib, 90)).as("4 GiB left").isTrue();
        // 10 GiB: 1 GiB kept, more than its 5 % (512 MiB)
        assertThat(ProducerDiskGuard.shortOfRoom(10 * gib, 3 * gib, 90)).as("2 GiB left").isFalse();
        assertThat(ProducerDiskGuard.shortOfRoom(10 * gib, 1800L * 1024 * 1024, 90)).as("800 MiB left").isTrue();
        // 700 MB: the whole room below the limit is less than the reserve
        assertThat(ProducerDiskGuard.shortOfRoom(700_000_000L, 690_000_000L, 90)).isTrue();
    }

    /**
     * A started broker that samples its disk once an hour, its max-disk-usage 3 points above what the disk holds: the
     * broker's own limit blocks nobody, the guard's line (5 points lower) is already crossed.
     */
    private EmbeddedActiveMQ startedPastTheGuardsLine() throws Exception {
        FileStore disk = Files.getFileStore(dir);
        double used = 100.0 * (disk.getTotalSpace() - disk.getUsableSpace()) / disk.getTotalSpace();
        assumeTrue(used >= 3 && used < 90, "a disk neither empty nor full");
        EmbeddedActiveMQ embedded = EmbeddedBroker.builder(dir).hooklineUser(HOOKLINE, false).producerUser(PRODUCER)
                .build();
        embedded.getConfiguration().setDiskScanPeriod((int) TimeUnit.HOURS.toMillis(1));
        embedded.getConfiguration().setMaxDiskUsage((int) Math.floor(used) + 3);
        embedded.start();
        return embedded;
    }

    private static long queued(EmbeddedActiveMQ embedded) {
        return embedded.getActiveMQServer().locateQueue("hookline.events").getMessageCount();
    }

    private long largeMessageFiles() throws Exception {
        Path largeMessages = dir.resolve("broker").resolve("large-messages");
        if (!Files.isDirectory(largeMessages)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(largeMessages)) {
            return files.count();
        }
    }
}
