package dev.hookline.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Scenario 3: the hand-written route ({@link StockCamelRoute}) on one batch of {@code batchSize} events, time from the
 * first send until the sink has them all, capped so that the quadratic cost cannot stall the run. A capped run is
 * reported as a lower bound of the cost per event.
 */
final class StockComparisonScenario {

    /** Cost per event, and whether the run hit the cap (then the real cost is higher). */
    record Result(int batchSize, double microsPerEvent, boolean capped) {
    }

    private final String brokerUrl;
    private final CountingSink sink;
    private final Path workDir;
    private final int dataBytes;

    StockComparisonScenario(String brokerUrl, CountingSink sink, Path workDir, int dataBytes) {
        this.brokerUrl = brokerUrl;
        this.sink = sink;
        this.workDir = workDir;
        this.dataBytes = dataBytes;
    }

    Result run(int batchSize, long capSeconds) throws Exception {
        String path = "/stock-" + batchSize;
        Path h2 = Files.createDirectories(workDir.resolve("stock-h2-" + batchSize));
        try (StockCamelRoute route = new StockCamelRoute(brokerUrl, sink.url(path), batchSize, h2)) {
            String filler = "x".repeat(Math.max(0, dataBytes - 40));
            long start = System.nanoTime();
            try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(brokerUrl, ServerUnderTest.ADMIN.user(),
                    ServerUnderTest.ADMIN.password());
                 Connection c = factory.createConnection()) {
                Session session = c.createSession(true, Session.SESSION_TRANSACTED);
                MessageProducer producer = session.createProducer(session.createQueue(StockCamelRoute.QUEUE));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                for (int i = 0; i < batchSize; i++) {
                    producer.send(session.createTextMessage("{\"id\":\"stock-" + i + "\",\"type\":\"stock\",\"data\":{\"seq\":"
                            + i + ",\"filler\":\"" + filler + "\"}}"));
                    if ((i + 1) % 500 == 0) {
                        session.commit();
                    }
                }
                session.commit();
            }
            CountingSink.Tally tally = sink.tally(path);
            long deadline = start + capSeconds * 1_000_000_000L;
            while (tally.events.get() < batchSize && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            boolean capped = tally.events.get() < batchSize;
            long end = capped ? System.nanoTime() : tally.lastNanos;
            return new Result(batchSize, (end - start) / 1e3 / batchSize, capped);
        }
    }
}
