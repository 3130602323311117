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
 * sent. An address that pages is over any limit, and so is a disk the broker finds full.
 */
final class EmbeddedBrokerBacklog implements LongSupplier {

    private final EmbeddedActiveMQ broker;
    private final List<SimpleString> addresses;

    EmbeddedBrokerBacklog(EmbeddedActiveMQ broker, String eventsQueue) {
        this.broker = broker;
        this.addresses = List.of(SimpleString.of(eventsQueue),
                SimpleString.of(HooklineComponent.partitionedQueue(eventsQueue)));
    }

    @Override
    public long getAsLong() {
        ActiveMQServer server = broker.getActiveMQServer();
        if (server == null || server.getPagingManager() == null) {
            return 0;
        }
        if (server.getPagingManager().isDiskFull()) {
            return Long.MAX_VALUE; // past max-disk-usage the events queues take nothing: refused before it is read
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
