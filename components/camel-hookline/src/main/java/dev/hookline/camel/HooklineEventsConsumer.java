package dev.hookline.camel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import dev.hookline.core.HooklineHeaders;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the events queue in chunks inside one local JMS transaction: up to {@code maxMessages} messages, or whatever
 * arrived within {@code maxWait} of the chunk's first message. The chunk becomes one exchange whose body is the list of
 * message texts; the transaction commits only after the route completed without an exception and rolls back otherwise,
 * so the broker redelivers. One broker commit per chunk instead of one per message is what makes the consumer fast;
 * committing after the route is what makes it lose nothing.
 */
public class HooklineEventsConsumer extends DefaultConsumer implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(HooklineEventsConsumer.class);

    private final HooklineEndpoint endpoint;
    private volatile boolean running;
    private volatile Connection connection;
    private ExecutorService executor;

    public HooklineEventsConsumer(HooklineEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        running = true;
        String threadName = "hookline-events" + (endpoint.getName() == null ? "" : "-" + endpoint.getName());
        executor = getEndpoint().getCamelContext().getExecutorServiceManager().newSingleThreadExecutor(this, threadName);
        executor.submit(this);
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        closeConnection();
        if (executor != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(executor, 10_000);
            executor = null;
        }
        super.doStop();
    }

    @Override
    public void run() {
        while (running && isRunAllowed()) {
            try {
                consumeUntilStopped();
            } catch (Exception e) {
                if (running) {
                    LOG.warn("Events consumer on {} lost its broker session ({}); retrying in {} ms",
                            endpoint.resolvedQueue(), e.getMessage(), endpoint.getRetryDelay());
                    closeConnection();
                    pause(endpoint.getRetryDelay());
                }
            }
        }
    }

    private void consumeUntilStopped() throws JMSException {
        Connection c = endpoint.connectionFactory().createConnection();
        connection = c;
        Session session = c.createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer consumer = session.createConsumer(session.createQueue(endpoint.resolvedQueue()));
        c.start();
        while (running && isRunAllowed()) {
            Message first = consumer.receive(500);
            if (first == null) {
                continue;
            }
            List<String> texts = new ArrayList<>();
            boolean redelivered = add(first, texts);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(endpoint.getMaxWait());
            while (texts.size() < endpoint.getMaxMessages()) {
                long waitMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                Message next = waitMillis > 0 ? consumer.receive(waitMillis) : consumer.receiveNoWait();
                if (next == null) {
                    break;
                }
                redelivered |= add(next, texts);
            }
            if (processChunk(texts, redelivered)) {
                session.commit();
            } else {
                session.rollback();
                pause(endpoint.getRetryDelay());
            }
        }
    }

    private boolean processChunk(List<String> texts, boolean redelivered) {
        Exchange exchange = createExchange(false);
        try {
            exchange.getMessage().setBody(texts);
            exchange.getMessage().setHeader(HooklineHeaders.EVENT_COUNT, texts.size());
            exchange.getMessage().setHeader(HooklineHeaders.REDELIVERED, redelivered);
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        Exception failure = exchange.getException();
        if (failure != null) {
            getExceptionHandler().handleException(
                    "Chunk of " + texts.size() + " messages failed; rolled back for redelivery", exchange, failure);
        }
        releaseExchange(exchange, false);
        return failure == null;
    }

    private static boolean add(Message message, List<String> texts) throws JMSException {
        if (message instanceof TextMessage text) {
            texts.add(text.getText());
        } else if (message instanceof BytesMessage bytes) {
            byte[] data = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(data);
            texts.add(new String(data, StandardCharsets.UTF_8));
        } else {
            texts.add(null);
        }
        return message.getJMSRedelivered();
    }

    private void closeConnection() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (JMSException | RuntimeException e) {
                LOG.debug("Closing the events connection failed: {}", e.getMessage());
            }
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
