package dev.hookline.camel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a queue in chunks inside one local JMS transaction each: up to {@code maxMessages} messages, or whatever
 * arrived within {@code maxWaitMillis} of the chunk's first one. The handler's answer decides: commit, or roll back so
 * that the broker redelivers the chunk. Reconnects by itself after a broker failure.
 */
final class TransactedQueueReader implements Runnable {

    /** What to do with a chunk; true commits it. */
    interface ChunkHandler {
        /**
         * @param redelivered the broker delivered some of the chunk before
         * @param firstOfSession no chunk was committed since the reader (re)connected
         */
        boolean handle(List<String> texts, boolean redelivered, boolean firstOfSession);
    }

    private static final Logger LOG = LoggerFactory.getLogger(TransactedQueueReader.class);

    private final ConnectionFactory connectionFactory;
    private final String queue;
    private final int maxMessages;
    private final long maxWaitMillis;
    private final long retryDelayMillis;
    private final ChunkHandler handler;
    private volatile boolean running = true;
    private volatile Connection connection;
    private CamelContext camelContext;
    private ExecutorService executor;

    TransactedQueueReader(ConnectionFactory connectionFactory, String queue, int maxMessages, long maxWaitMillis,
            long retryDelayMillis, ChunkHandler handler) {
        this.connectionFactory = connectionFactory;
        this.queue = queue;
        this.maxMessages = maxMessages;
        this.maxWaitMillis = maxWaitMillis;
        this.retryDelayMillis = retryDelayMillis;
        this.handler = handler;
    }

    /** Starts reading on a thread of its own, named for the consumer it serves. */
    void start(CamelContext context, Object owner, String threadName) {
        camelContext = context;
        executor = context.getExecutorServiceManager().newSingleThreadExecutor(owner, threadName);
        executor.submit(this);
    }

    /** Stops reading: the open chunk, if any, is rolled back by closing the connection. */
    void stop() {
        running = false;
        closeConnection();
        if (executor != null) {
            camelContext.getExecutorServiceManager().shutdownGraceful(executor, 10_000);
            executor = null;
        }
        // again: a reader that was still connecting when stopped has opened its connection since, and its consumer
        // would otherwise stay open, holding the messages the broker sends it
        closeConnection();
    }

    @Override
    public void run() {
        while (running) {
            try {
                consumeUntilStopped();
            } catch (Exception e) {
                if (running) {
                    LOG.warn("Reader of {} lost its broker session ({}); retrying in {} ms", queue, e.getMessage(),
                            retryDelayMillis);
                    closeConnection();
                    pause(retryDelayMillis);
                }
            } catch (Error e) {
                // An Error (OutOfMemoryError) must not end the reader silently: the chunk is rolled back by closing the
                // session, and reading goes on once the memory the chunk held is free again.
                if (running) {
                    LOG.error("Reader of {} failed on a chunk; rolled back, retrying in {} ms", queue, retryDelayMillis, e);
                    closeConnection();
                    pause(retryDelayMillis);
                }
            }
        }
    }

    private void consumeUntilStopped() throws JMSException {
        Connection c = connectionFactory.createConnection();
        connection = c;
        Session session = c.createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
        c.start();
        boolean firstOfSession = true;
        while (running) {
            Message first = consumer.receive(500);
            if (first == null) {
                continue;
            }
            List<String> texts = new ArrayList<>();
            boolean redelivered = add(first, texts);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
            while (texts.size() < maxMessages) {
                long waitMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                Message next = waitMillis > 0 ? consumer.receive(waitMillis) : consumer.receiveNoWait();
                if (next == null) {
                    break;
                }
                redelivered |= add(next, texts);
            }
            if (handler.handle(texts, redelivered, firstOfSession)) {
                firstOfSession = false;
                session.commit();
            } else {
                session.rollback();
                pause(retryDelayMillis);
            }
        }
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
                LOG.debug("Closing the connection to {} failed: {}", queue, e.getMessage());
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
