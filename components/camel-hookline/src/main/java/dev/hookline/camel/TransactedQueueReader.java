package dev.hookline.camel;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import dev.hookline.core.CanonicalSeal;
import dev.hookline.core.HooklineHeaders;
import dev.hookline.core.Partitions;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a queue in chunks inside one local JMS transaction each: up to {@code maxMessages} messages, or whatever
 * arrived within {@code maxWaitMillis} of the chunk's first one. The handler's verdict decides: commit (moving the
 * messages it names to other queues, such as the quarantine, in the same transaction: a move is atomic), or roll back
 * so that the broker redelivers the chunk. Can ask for queue attributes (Artemis' address parameters, such as
 * {@code exclusive=true}, applied when the reader creates the queue), so that even a broker not configured for them
 * reads the queue as Hookline needs. Reconnects by itself after a broker failure.
 */
final class TransactedQueueReader implements Runnable {

    /** What to do with a chunk. */
    interface VerdictHandler {
        /**
         * @param redelivered the broker delivered some of the chunk before
         * @param firstOfSession no chunk was committed since the reader (re)connected
         */
        ChunkVerdict handle(List<QueuedMessage> chunk, boolean redelivered, boolean firstOfSession);
    }

    /** What to do with a chunk's texts; true commits it, false rolls it back. */
    interface ChunkHandler {
        /**
         * @param redelivered the broker delivered some of the chunk before
         * @param firstOfSession no chunk was committed since the reader (re)connected
         */
        boolean handle(List<String> texts, boolean redelivered, boolean firstOfSession);
    }

    /**
     * Whether this reader holds more than its share of the queue's message groups. A group stays with the consumer the
     * broker gave it to until that consumer closes, so a reader that holds too many gives them all back: it opens a new
     * consumer, then rolls back and closes the old one, and the broker hands the freed groups out again over all the
     * queue's consumers, in turn, as their next messages come.
     */
    interface GroupBalance {
        /** @param readers how many consumers the queue has now (this reader's included) */
        boolean overShare(int readers);

        /** The reader's consumer was opened anew: it holds no group. */
        void reopened();

        /** How many groups this reader holds. */
        int held();
    }

    /** Message property of a moved message: the broker id it had on the queue it was read from. */
    static final String ORIGINAL_MESSAGE_ID = "HooklineOriginalMessageId";
    /** Message property of a moved message whose body was cut: its whole size (characters of text, or bytes). */
    static final String ORIGINAL_SIZE = "HooklineOriginalSize";

    private static final Logger LOG = LoggerFactory.getLogger(TransactedQueueReader.class);
    private static final long STOP_GRACE_MILLIS = 10_000;
    /** How often a reader with a {@link GroupBalance} asks the broker how many readers the queue has. */
    static final long BALANCE_CHECK_MILLIS = 5_000;
    /** How long a reader that gave its groups back waits before it checks its share again. */
    static final long BALANCE_SETTLE_MILLIS = 20_000;

    private final ConnectionFactory connectionFactory;
    private final String queue;
    private final int maxMessages;
    private long maxChunkChars = Long.MAX_VALUE;
    private final long maxWaitMillis;
    private final long retryDelayMillis;
    private final VerdictHandler handler;
    private final String queueAttributes;
    private final String origin;
    private volatile boolean running = true;
    /** A chunk's moves found a queue full, and no chunk was committed since. */
    private boolean waitingForRoom;
    private volatile Connection connection;
    private CamelContext camelContext;
    private ExecutorService executor;
    private GroupBalance balance;

    /** A reader of a queue that is not asked to be exclusive, whose handler commits or rolls back whole chunks. */
    TransactedQueueReader(ConnectionFactory connectionFactory, String queue, int maxMessages, long maxWaitMillis,
            long retryDelayMillis, ChunkHandler handler) {
        this(connectionFactory, queue, null, maxMessages, maxWaitMillis, retryDelayMillis, (chunk, redelivered, first) -> {
            List<String> texts = new ArrayList<>(chunk.size());
            chunk.forEach(m -> texts.add(m.text()));
            return handler.handle(texts, redelivered, first) ? ChunkVerdict.commit(List.of()) : ChunkVerdict.rollback();
        });
    }

    /**
     * @param queueAttributes Artemis address parameters the queue is created with ({@code exclusive=true}, say), or
     *                        {@code null}
     */
    TransactedQueueReader(ConnectionFactory connectionFactory, String queue, String queueAttributes, int maxMessages,
            long maxWaitMillis, long retryDelayMillis, VerdictHandler handler) {
        this.queueAttributes = queueAttributes;
        this.origin = "queue " + queue;
        this.connectionFactory = connectionFactory;
        this.queue = queue;
        this.maxMessages = maxMessages;
        this.maxWaitMillis = maxWaitMillis;
        this.retryDelayMillis = retryDelayMillis;
        this.handler = handler;
    }

    /**
     * Ends a chunk once its messages' bodies hold this many characters (of text; bytes of a bytes message; set before
     * starting): the message that reaches it is the chunk's last, so a chunk holds at least one message. The messages
     * of a chunk are all in memory at once, each about three times its text (the broker's copy, two bytes a character,
     * and the text), until the chunk commits.
     */
    void maxChunkChars(long chars) {
        this.maxChunkChars = chars;
    }

    /** Makes this reader give its message groups back when it holds more than its share (set before starting). */
    void balanceGroups(GroupBalance groupBalance) {
        this.balance = groupBalance;
    }

    /** Starts reading on a thread of its own, named for the consumer it serves. */
    void start(CamelContext context, Object owner, String threadName) {
        camelContext = context;
        executor = context.getExecutorServiceManager().newSingleThreadExecutor(owner, threadName);
        executor.submit(this);
    }

    /**
     * Stops reading: the chunk being handled, if any, is finished (committed or rolled back), what the reader holds
     * beyond it goes back to the queue, then its consumer closes. A reader that does not finish within
     * {@value #STOP_GRACE_MILLIS} ms is interrupted and its connection closed, which rolls its chunk back.
     */
    void stop() {
        running = false;
        if (executor != null) {
            camelContext.getExecutorServiceManager().shutdownGraceful(executor, STOP_GRACE_MILLIS);
            executor = null;
        }
        // a reader that was still connecting when stopped, or did not finish in time: its consumer would otherwise
        // stay open, holding the messages the broker sends it
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
        closeConnection();
    }

    /** The session this reader reads in, its consumer, and the producers of its moves. */
    private static final class Reading {
        Session session;
        MessageConsumer consumer;
        final Map<String, MessageProducer> producers = new HashMap<>();
        boolean firstOfSession = true;

        Reading(Session session, MessageConsumer consumer) {
            this.session = session;
            this.consumer = consumer;
        }
    }

    private void consumeUntilStopped() throws JMSException {
        Connection c = connectionFactory.createConnection();
        connection = c;
        Session session = c.createSession(true, Session.SESSION_TRANSACTED);
        jakarta.jms.Queue source = session.createQueue(queueAttributes != null ? queue + "?" + queueAttributes : queue);
        if (queueAttributes != null) {
            // Artemis applies a destination's queue parameters when a producer creates the queue, not a consumer
            session.createProducer(source).close();
        }
        Reading reading = new Reading(session, session.createConsumer(source));
        c.start();
        if (balance != null) {
            balance.reopened();
        }
        long nextBalanceCheck = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BALANCE_CHECK_MILLIS);
        while (running) {
            if (balance != null && System.nanoTime() - nextBalanceCheck >= 0) {
                boolean gaveBack = giveGroupsBackIfOverShare(c, reading);
                nextBalanceCheck = System.nanoTime()
                        + TimeUnit.MILLISECONDS.toNanos(gaveBack ? BALANCE_SETTLE_MILLIS : BALANCE_CHECK_MILLIS);
            }
            readChunk(reading);
        }
        // Leaving: what the consumer holds goes back to the queue while the consumer is still open, then it closes.
        // Closed first, the broker would free its message groups (partitions) while the messages of the session are
        // still out, and give another reader a group's later messages before its earlier ones are back.
        reading.session.rollback();
        reading.consumer.close();
    }

    /** Reads one chunk, if a message comes within 500 ms, and commits or rolls it back as its handler says. */
    private void readChunk(Reading reading) throws JMSException {
        Message first = reading.consumer.receive(500);
        if (first == null) {
            return;
        }
        List<QueuedMessage> chunk = new ArrayList<>();
        boolean redelivered = add(first, chunk);
        long chars = chunk.get(0).size();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
        while (chunk.size() < maxMessages && chars < maxChunkChars) {
            long waitMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            Message next = waitMillis > 0 ? reading.consumer.receive(waitMillis) : reading.consumer.receiveNoWait();
            if (next == null) {
                break;
            }
            redelivered |= add(next, chunk);
            chars += chunk.get(chunk.size() - 1).size();
        }
        ChunkVerdict verdict = handler.handle(chunk, redelivered, reading.firstOfSession);
        if (verdict.commit()) {
            try {
                commit(reading, verdict.moves());
            } catch (JMSException e) {
                if (!QueueFull.causedBy(e)) {
                    throw e;
                }
                // the queue a move goes to is full: the chunk waits on this queue, in its place, until there is room
                if (!waitingForRoom) {
                    LOG.warn("Reader of {}: a queue it moves messages to is full ({}); the chunk is rolled back and "
                            + "tried again every {} ms", queue, e.getMessage(), retryDelayMillis);
                    waitingForRoom = true;
                }
                reading.session.rollback();
                pause(retryDelayMillis);
                return;
            }
            if (waitingForRoom) {
                LOG.info("Reader of {}: the queues it moves messages to take them again", queue);
                waitingForRoom = false;
            }
        } else {
            reading.session.rollback();
            pause(retryDelayMillis);
        }
    }

    /** Sends the verdict's moves and commits them with the chunk they come from. */
    private void commit(Reading reading, List<ChunkVerdict.Move> moves) throws JMSException {
        for (ChunkVerdict.Move move : moves) {
            MessageProducer producer = reading.producers.get(move.queue());
            if (producer == null) {
                producer = reading.session.createProducer(reading.session.createQueue(move.queue()));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                reading.producers.put(move.queue(), producer);
            }
            producer.send(copy(reading.session, move));
        }
        reading.session.commit();
        reading.firstOfSession = false;
    }

    /**
     * Asks the broker how many readers the queue has; when this reader holds more than its share of the groups, gives
     * them all back (see {@link GroupBalance}) and returns true.
     */
    private boolean giveGroupsBackIfOverShare(Connection c, Reading reading) throws JMSException {
        int readers = QueueReaders.count(reading.session, queue);
        if (readers <= 0 || !balance.overShare(readers)) {
            return false;
        }
        int held = balance.held();
        // the new consumer first: freed groups are then shared between it and the other readers, never all given to
        // the others while this reader has no consumer
        Session fresh = c.createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer freshConsumer = fresh.createConsumer(fresh.createQueue(queue));
        reading.session.rollback();
        reading.consumer.close();
        reading.session.close();
        reading.session = fresh;
        reading.consumer = freshConsumer;
        reading.producers.clear();
        reading.firstOfSession = true;
        balance.reopened();
        LOG.info("Reader of {} held {} of its message groups with {} readers; gave them back to be shared", queue, held,
                readers);
        return true;
    }

    private static boolean add(Message message, List<QueuedMessage> chunk) throws JMSException {
        String text = null;
        String unreadable = null;
        long size = 0;
        if (message instanceof TextMessage t) {
            text = t.getText();
            size = text == null ? 0 : text.length();
        } else if (message instanceof BytesMessage bytes) {
            byte[] data = new byte[(int) bytes.getBodyLength()];
            size = data.length;
            bytes.readBytes(data);
            bytes.reset();
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
            } catch (CharacterCodingException e) {
                unreadable = "The message is not valid UTF-8";
            }
        } else {
            unreadable = "Only text messages of event JSON are accepted";
        }
        chunk.add(new QueuedMessage(text, unreadable, message.getJMSMessageID(), message, size));
        return message.getJMSRedelivered();
    }

    /**
     * The moved message: the same body (cut to what the move keeps; then the original size, in characters or bytes,
     * is a property) and properties, with why and where from.
     */
    private Message copy(Session session, ChunkVerdict.Move move) throws JMSException {
        Message original = move.message().jms();
        Message copy;
        long size;
        if (move.text() != null) {
            size = move.text().length();
            copy = session.createTextMessage(move.text());
        } else if (move.reason() == null && !(original instanceof BytesMessage) && !(original instanceof TextMessage)) {
            size = 0; // passed on as it is: a message of no body this reader can read, for the next one to refuse
            copy = session.createMessage();
        } else if (original instanceof BytesMessage bytes) {
            byte[] data = new byte[(int) bytes.getBodyLength()];
            bytes.reset();
            bytes.readBytes(data);
            size = data.length;
            BytesMessage b = session.createBytesMessage();
            b.writeBytes(data, 0, (int) Math.min(data.length, move.keep()));
            copy = b;
        } else {
            String text = move.message().text() == null ? "" : move.message().text();
            size = text.length();
            copy = session.createTextMessage(text.length() > move.keep() ? text.substring(0, move.keep()) : text);
        }
        for (Enumeration<?> names = original.getPropertyNames(); names.hasMoreElements();) {
            String name = (String) names.nextElement();
            boolean sealOfWhole = move.text() != null
                    && (name.equals(CanonicalSeal.SEAL_PROPERTY) || name.equals(CanonicalSeal.DIGESTS_PROPERTY));
            if (!name.startsWith("JMSX") && !name.startsWith("_") && !name.equals(Partitions.FIRST_OF_GROUP_PROPERTY)
                    && !sealOfWhole) {
                copy.setObjectProperty(name, original.getObjectProperty(name));
            }
        }
        if (move.reason() == null) {
            copy.setStringProperty(Partitions.GROUP_PROPERTY, move.group());
            return copy;
        }
        copy.setStringProperty(HooklineHeaders.QUARANTINE_REASON, move.reason());
        copy.setStringProperty(HooklineHeaders.QUARANTINE_ORIGIN, origin);
        if (move.message().messageId() != null) {
            copy.setStringProperty(ORIGINAL_MESSAGE_ID, move.message().messageId());
        }
        if (size > move.keep()) {
            copy.setLongProperty(ORIGINAL_SIZE, size);
        }
        return copy;
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
