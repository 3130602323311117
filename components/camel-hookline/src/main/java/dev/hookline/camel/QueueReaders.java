package dev.hookline.camel;

import jakarta.jms.Session;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.jms.client.ActiveMQSession;
import org.messaginghub.pooled.jms.JmsPoolSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many consumers a queue has right now, asked of the broker through the reader's own session (an Artemis queue
 * query, which needs no management permission). Works on an Artemis session, pooled or not; for any other JMS provider,
 * or when the Artemis client is not on the class path, the count is unknown ({@code -1}).
 */
final class QueueReaders {

    private static final Logger LOG = LoggerFactory.getLogger(QueueReaders.class);
    private static final boolean ARTEMIS = present("org.apache.activemq.artemis.jms.client.ActiveMQSession");
    private static final boolean POOLED = present("org.messaginghub.pooled.jms.JmsPoolSession");

    private QueueReaders() {
    }

    /** The number of consumers of {@code queue}, or -1 when the broker cannot be asked. */
    static int count(Session session, String queue) {
        if (!ARTEMIS) {
            return -1;
        }
        try {
            Session inner = POOLED ? Pooled.inner(session) : session;
            return Artemis.consumers(inner, queue);
        } catch (Exception e) {
            LOG.debug("Could not ask the broker how many readers {} has: {}", queue, e.toString());
            return -1;
        }
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, QueueReaders.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Touched only when pooled-jms is present. */
    private static final class Pooled {
        static Session inner(Session session) throws Exception {
            return session instanceof JmsPoolSession pooled ? pooled.getInternalSession() : session;
        }
    }

    /** Touched only when the Artemis client is present. */
    private static final class Artemis {
        static int consumers(Session session, String queue) throws Exception {
            if (!(session instanceof ActiveMQSession artemis)) {
                return -1;
            }
            return artemis.getCoreSession().queueQuery(SimpleString.of(queue)).getConsumerCount();
        }
    }
}
