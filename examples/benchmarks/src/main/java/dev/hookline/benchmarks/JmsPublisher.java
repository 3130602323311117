package dev.hookline.benchmarks;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import dev.hookline.spring.boot.provider.BrokerCredential;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Publishes events the way an application's JMS producer would: one persistent JSON text message per event on
 * {@code hookline.events}, in transactions of 500 so that the producer is not limited by one journal sync per message,
 * with the broker's producer credential (send to the events queue, nothing else).
 */
final class JmsPublisher implements AutoCloseable {

    private static final int TRANSACTION_SIZE = 500;

    private final ActiveMQConnectionFactory factory;
    private final Connection connection;
    private final Session session;
    private final MessageProducer producer;

    JmsPublisher(String brokerUrl, BrokerCredential credential) throws Exception {
        factory = new ActiveMQConnectionFactory(brokerUrl, credential.user(), credential.password());
        connection = factory.createConnection();
        session = connection.createSession(true, Session.SESSION_TRANSACTED);
        producer = session.createProducer(session.createQueue("hookline.events"));
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
    }

    /** Sends {@code count} events of {@code type}, each with {@code dataBytes} of data. */
    void publish(String type, int count, String idPrefix, int dataBytes) throws Exception {
        String filler = "x".repeat(Math.max(0, dataBytes - 40));
        for (int i = 0; i < count; i++) {
            String json = "{\"id\":\"" + idPrefix + i + "\",\"type\":\"" + type + "\",\"data\":{\"seq\":" + i
                    + ",\"filler\":\"" + filler + "\"}}";
            producer.send(session.createTextMessage(json));
            if ((i + 1) % TRANSACTION_SIZE == 0) {
                session.commit();
            }
        }
        session.commit();
    }

    @Override
    public void close() throws Exception {
        connection.close();
        factory.close();
    }
}
