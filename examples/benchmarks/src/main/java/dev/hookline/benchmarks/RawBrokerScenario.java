package dev.hookline.benchmarks;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The ceiling: persistent produce and consume of the same messages through the same broker, with no processing.
 * Producer and consumer run at once, both in transactions of 500 (as Hookline's producer side and chunk consumer do),
 * on a queue under {@code hookline.} so the same address settings apply, with the operator's credential (the producer
 * credential may not consume).
 */
final class RawBrokerScenario {

    private static final int TRANSACTION_SIZE = 500;

    private final String brokerUrl;
    private final int dataBytes;

    RawBrokerScenario(String brokerUrl, int dataBytes) {
        this.brokerUrl = brokerUrl;
        this.dataBytes = dataBytes;
    }

    /** Messages per second, from the first send to the last receive. */
    double run(int messages, String queue) throws Exception {
        String filler = "x".repeat(Math.max(0, dataBytes - 40));
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(brokerUrl, ServerUnderTest.ADMIN.user(),
                ServerUnderTest.ADMIN.password());
             Connection producing = factory.createConnection(); Connection consuming = factory.createConnection()) {
            Session in = consuming.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = in.createConsumer(in.createQueue(queue));
            consuming.start();
            AtomicLong received = new AtomicLong();
            Thread reader = new Thread(() -> {
                try {
                    while (received.get() < messages) {
                        if (consumer.receive(1000) != null && received.incrementAndGet() % TRANSACTION_SIZE == 0) {
                            in.commit();
                        }
                    }
                    in.commit();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "raw-consumer");
            long start = System.nanoTime();
            reader.start();
            Session out = producing.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = out.createProducer(out.createQueue(queue));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < messages; i++) {
                producer.send(out.createTextMessage("{\"id\":\"raw-" + i + "\",\"type\":\"raw\",\"data\":{\"seq\":" + i
                        + ",\"filler\":\"" + filler + "\"}}"));
                if ((i + 1) % TRANSACTION_SIZE == 0) {
                    out.commit();
                }
            }
            out.commit();
            reader.join();
            return messages / ((System.nanoTime() - start) / 1e9);
        }
    }
}
