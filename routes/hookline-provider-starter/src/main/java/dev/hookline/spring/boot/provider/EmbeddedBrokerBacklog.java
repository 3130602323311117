package dev.hookline.spring.boot.provider;

import java.util.List;
import java.util.function.LongSupplier;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.paging.PagingStore;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

import dev.hookline.camel.HooklineComponent;

/**
 * The fan-out's backlog on the embedded broker: the bytes the events queue and the partitioned queue hold in memory
 * (what was sent and not yet acknowledged by the fan-out), read from the broker's own address accounting, no message
 * sent. An address that pages is over any limit.
 */
final class EmbeddedBrokerBacklog implements LongSupplier {

    private final EmbeddedActiveMQ broker;
    private final List<SimpleString> addresses;

    EmbeddedBrokerBacklog(EmbeddedActiveMQ broker, String eventsQueue) {
        this.broker = broker;
        this.addresses = List.of(SimpleString.of(eventsQueue),
                SimpleString.of(HooklineComponent.partitionedQueue(eventsQueue)));
    }

    /**
     * Whether the broker's disk has no room for more events: past max-disk-usage as the broker last sampled it, or
     * short of the room {@link ProducerDiskGuard} keeps for the fan-out.
     */
    boolean noRoom() {
        ActiveMQServer server = broker.getActiveMQServer();
        if (server == null || server.getPagingManager() == null) {
            return false;
        }
        if (server.getPagingManager().isDiskFull()) {
            return true;
        }
        for (Object plugin : server.getBrokerPlugins()) {
            if (plugin instanceof ProducerDiskGuard guard) {
                return guard.shortOfRoom();
            }
        }
        return false;
    }

    @Override
    public long getAsLong() {
        ActiveMQServer server = broker.getActiveMQServer();
        if (server == null || server.getPagingManager() == null) {
            return 0;
        }
        long bytes = 0;
        for (SimpleString address : addresses) {
            try {
                PagingStore store = server.getPagingManager().getPageStore(address);
                if (store == null) {
                    continue;
                }
                if (store.isPaging()) {
                    return Long.MAX_VALUE;
                }
                bytes += store.getAddressSize();
            } catch (Exception e) {
                return 0; // the broker is stopping: the send itself will say so
            }
        }
        return bytes;
    }
}
