package dev.hookline.spring.boot;

import java.nio.file.Path;

import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * The embedded Artemis broker: persistent journal in the data directory, paging instead of heap growth, and
 * redelivery that never gives up on Hookline's own queues (a chunk that fails because the database is away is retried
 * with backoff until it succeeds; it is not dropped to a dead-letter address after a few tries).
 */
public final class EmbeddedBroker {

    /** The in-VM connector URL of the embedded broker. */
    public static final String IN_VM_URL = "vm://0";

    private EmbeddedBroker() {
    }

    public static EmbeddedActiveMQ create(Path dataDir, int tcpPort, java.time.Duration journalBufferTimeout) throws Exception {
        Path dir = dataDir.resolve("broker").toAbsolutePath();
        Configuration config = new ConfigurationImpl();
        config.setName("hookline");
        config.setPersistenceEnabled(true);
        config.setSecurityEnabled(false);
        config.setJMXManagementEnabled(false);
        config.setJournalDirectory(dir.resolve("journal").toString());
        config.setJournalBufferTimeout_NIO((int) journalBufferTimeout.toNanos());
        config.setJournalBufferTimeout_AIO((int) journalBufferTimeout.toNanos());
        config.setBindingsDirectory(dir.resolve("bindings").toString());
        config.setPagingDirectory(dir.resolve("paging").toString());
        config.setLargeMessagesDirectory(dir.resolve("large-messages").toString());
        config.setNodeManagerLockDirectory(dir.toString());
        config.addAcceptorConfiguration("in-vm", IN_VM_URL);
        if (tcpPort >= 0) {
            config.addAcceptorConfiguration("core", "tcp://127.0.0.1:" + tcpPort + "?protocols=CORE");
        }
        config.addAddressSetting("hookline.#", new AddressSettings()
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE)
                .setMaxSizeBytes(64L * 1024 * 1024)
                .setPageSizeBytes(10 * 1024 * 1024)
                .setRedeliveryDelay(1000)
                .setRedeliveryMultiplier(2)
                .setMaxRedeliveryDelay(30_000)
                .setMaxDeliveryAttempts(-1)
                .setDefaultAddressRoutingType(RoutingType.ANYCAST)
                .setAutoCreateQueues(true)
                .setAutoCreateAddresses(true)
                .setAutoDeleteQueues(false)
                .setAutoDeleteAddresses(false));
        return new EmbeddedActiveMQ().setConfiguration(config);
    }
}
