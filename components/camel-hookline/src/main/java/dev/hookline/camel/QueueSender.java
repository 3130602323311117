package dev.hookline.camel;

import java.util.Map;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

/**
 * Sends one persistent text message and returns only when the broker has it. With Artemis a non-transacted persistent
 * send blocks until the journal holds the message, which is what lets Hookline acknowledge its senders.
 */
final class QueueSender {

    private final ConnectionFactory connectionFactory;
    private final String queue;

    QueueSender(ConnectionFactory connectionFactory, String queue) {
        this.connectionFactory = connectionFactory;
        this.queue = queue;
    }

    /**
     * Sends one message. A broker that refuses it because the queue is full is reported as a
     * {@link jakarta.jms.ResourceAllocationException}; so in every method here.
     */
    void send(String text, Map<String, String> properties) throws JMSException {
        try {
            sendOne(text, properties);
        } catch (JMSException e) {
            throw QueueFull.translate(e, queue);
        }
    }

    private void sendOne(String text, Map<String, String> properties) throws JMSException {
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            producer.send(message(session, text, properties));
            producer.close();
        }
    }

    /** Sends several persistent messages in one transaction: all are on the queue when this returns, or none. */
    void sendAll(java.util.List<String> texts) throws JMSException {
        sendAll(texts, Map.of());
    }

    /** Sends several persistent messages, each with {@code properties}, in one transaction: all or none. */
    void sendAll(java.util.List<String> texts, Map<String, String> properties) throws JMSException {
        sendEach(texts.stream().map(text -> new Outgoing(text, properties)).toList());
    }

    /** A message to send: its text and string properties ({@code null} values left out). */
    record Outgoing(String text, Map<String, String> properties) {
    }

    /** Sends persistent messages, each with its own properties, in one transaction: all or none. */
    void sendEach(java.util.List<Outgoing> messages) throws JMSException {
        if (messages.size() == 1) {
            send(messages.get(0).text(), messages.get(0).properties());
            return;
        }
        try {
            sendEachOnce(messages);
        } catch (JMSException e) {
            throw QueueFull.translate(e, queue);
        }
    }

    private void sendEachOnce(java.util.List<Outgoing> messages) throws JMSException {
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (Outgoing m : messages) {
                producer.send(message(session, m.text(), m.properties()));
            }
            session.commit();
            producer.close();
        }
    }

    private static TextMessage message(Session session, String text, Map<String, String> properties)
            throws JMSException {
        TextMessage message = session.createTextMessage(text);
        for (Map.Entry<String, String> p : properties.entrySet()) {
            if (p.getValue() != null) {
                message.setStringProperty(p.getKey(), p.getValue());
            }
        }
        return message;
    }

    String queue() {
        return queue;
    }
}
