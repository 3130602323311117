package dev.hookline.camel;

import jakarta.jms.JMSException;
import jakarta.jms.ResourceAllocationException;

import org.apache.activemq.artemis.api.core.ActiveMQAddressFullException;

/**
 * A send the broker refused because the queue holds all it may (Artemis' address-full failure, which its JMS client
 * reports as a plain {@link JMSException}), told apart from a broker that is gone.
 */
final class QueueFull {

    private QueueFull() {
    }

    /** Whether {@code e} or one of its causes is the broker's address-full failure. */
    static boolean causedBy(Throwable e) {
        return cause(e) != null;
    }

    private static ActiveMQAddressFullException cause(Throwable e) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof ActiveMQAddressFullException full) {
                return full;
            }
        }
        return null;
    }

    /**
     * {@code e} as JMS' own exception for a provider out of room, {@link ResourceAllocationException}, when the broker
     * refused a send to {@code queue} because it is full; otherwise {@code e} itself.
     */
    static JMSException translate(JMSException e, String queue) {
        ActiveMQAddressFullException cause = e instanceof ResourceAllocationException ? null : cause(e);
        if (cause == null) {
            return e;
        }
        ResourceAllocationException full = new ResourceAllocationException("The queue " + queue
                + " holds all the broker lets it hold; nothing was sent, retry once its readers have taken some");
        // the broker's own exception as the cause, not the plain JMSException its client wrapped it in: Camel's
        // onException looks at the innermost causes first, and would take that for a broker that is gone
        full.setLinkedException(cause);
        full.initCause(cause);
        return full;
    }

    private static Throwable next(Throwable t) {
        if (t instanceof JMSException jms && jms.getLinkedException() != null && jms.getLinkedException() != t.getCause()) {
            return jms.getLinkedException();
        }
        return t.getCause() == t ? null : t.getCause();
    }
}
