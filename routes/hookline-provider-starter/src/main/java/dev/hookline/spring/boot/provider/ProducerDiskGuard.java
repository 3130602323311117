package dev.hookline.spring.boot.provider;

import org.apache.activemq.artemis.api.core.ActiveMQAddressFullException;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.paging.PagingManager;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.LargeServerMessage;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;

/**
 * Keeps the disk's last room for the fan-out. Once the broker's disk is past its max-disk-usage, Artemis stops every
 * send to a queue that pages or fails (it blocks the one, refuses the other), the fan-out's own moves from the events
 * queue included: a producer that filled the disk with events (whose large messages, files of their own, no address
 * limit counts) would leave nothing able to take them off it. This refuses producers' sends to the events queue a few
 * points earlier ({@value #MARGIN_PERCENT} below max-disk-usage), with an address-full error they see at once, so that
 * the fan-out can still move what was accepted and free the disk.
 */
final class ProducerDiskGuard implements ActiveMQServerMessagePlugin {

    static final int MARGIN_PERCENT = 5;

    private final SimpleString eventsQueue;
    private volatile ActiveMQServer server;

    ProducerDiskGuard(String eventsQueue) {
        this.eventsQueue = SimpleString.of(eventsQueue);
    }

    @Override
    public void registered(ActiveMQServer server) {
        this.server = server;
    }

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct,
            boolean noAutoCreateQueue) throws ActiveMQException {
        ActiveMQServer broker = server;
        if (broker == null || !eventsQueue.equals(message.getAddressSimpleString())) {
            return;
        }
        int maxPercent = broker.getConfiguration().getMaxDiskUsage();
        PagingManager paging = broker.getPagingManager();
        if (maxPercent < 0 || paging == null || paging.getDiskTotalSpace() <= 0) {
            return;
        }
        double usedPercent = 100.0 * (paging.getDiskTotalSpace() - paging.getDiskUsableSpace()) / paging.getDiskTotalSpace();
        if (usedPercent < maxPercent - MARGIN_PERCENT) {
            return;
        }
        if (message instanceof LargeServerMessage large) {
            try {
                large.deleteFile(); // already written; refused here, nobody else would remove it
            } catch (Exception e) {
                // the refusal stands; the file goes with the broker's cleanup of unreferenced large messages
            }
        }
        throw new ActiveMQAddressFullException(String.format("The broker's disk is %.1f%% used, near its limit of "
                + "%d%%: %s takes no more events until the fan-out has taken some", usedPercent, maxPercent, eventsQueue));
    }
}
