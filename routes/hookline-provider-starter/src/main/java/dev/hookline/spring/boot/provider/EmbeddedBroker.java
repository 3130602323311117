package dev.hookline.spring.boot.provider;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.core.settings.impl.PageFullMessagePolicy;

import dev.hookline.camel.HooklineComponent;
import dev.hookline.core.Partitions;

/**
 * The embedded Artemis broker: persistent journal in the data directory, paging instead of heap growth, and security
 * on every acceptor. Users: Hookline's own (role {@value #HOOKLINE_ROLE}, everything), the producer credential (role
 * {@value #PRODUCER_ROLE}: send to the events queue, nothing else) and, when configured, an operator's credential
 * (role {@value #ADMIN_ROLE}, everything, for the broker's own tools). Nobody else connects, and only Hookline's user
 * and the operator's consume, browse or manage (the management address included).
 *
 * <p>The partitioned queue the fan-out reads has one message group per partition, spread over the consumers of all
 * nodes (see {@code HooklineEventsConsumer}). The events queue is created exclusive (one reader at a time) and redelivers a rolled-back chunk at once, at the
 * head of the queue, so that a chunk retried after a database outage keeps its place; the reader paces its retries
 * itself, and the broker never dead-letters on its own count (that count would include outages). The quarantine keeps
 * messages for its retention, then expires them, and holds at most its size (half in memory, half paged to disk) and
 * {@value #QUARANTINE_MAX_MESSAGES} messages: then it drops new arrivals. The dead-letter queue keeps what it holds
 * until an operator takes it. Producers' sends to the events queues (every user's but Hookline's own) are refused short
 * of the disk's max-disk-usage (see {@link ProducerDiskGuard}).
 */
public final class EmbeddedBroker {

    /** The in-VM connector URL of the embedded broker. */
    public static final String IN_VM_URL = "vm://0";
    /** Hookline's own role: send, consume, browse, create and manage, on every address. */
    public static final String HOOKLINE_ROLE = "hookline";
    /** The producer credential's role: send to the events queue only. */
    public static final String PRODUCER_ROLE = "hookline-producer";
    /** An operator's role: everything Hookline's own role may do, for the broker's tools. */
    public static final String ADMIN_ROLE = "hookline-admin";
    /** The most messages the quarantine holds, whatever their size. */
    static final int QUARANTINE_MAX_MESSAGES = 10_000;
    /**
     * Hookline's clients send bodies below this size whole, not as large messages: a 1 MiB body (every door's default
     * limit) is up to 2 MiB in the broker, which keeps text as two bytes a character.
     */
    public static final int MIN_LARGE_MESSAGE_BYTES = 3 * 1024 * 1024;
    private static final int JOURNAL_BUFFER_BYTES = 4 * 1024 * 1024;
    /** What an address of Hookline's holds in memory before it pages. */
    private static final long EVENTS_MEMORY_BYTES = 64L * 1024 * 1024;

    private EmbeddedBroker() {
    }

    /** Settings of a new embedded broker; {@link Builder#build()} makes it, not yet started. */
    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** The embedded broker's settings. */
    public static final class Builder {
        private final Path dataDir;
        private int tcpPort = -1;
        private Duration journalBufferTimeout = Duration.ofNanos(100_000);
        private BrokerCredential hooklineUser;
        private boolean hooklineUserInVmOnly;
        private BrokerCredential producerUser;
        private BrokerCredential adminUser;
        private String eventsQueue = "hookline.events";
        private String quarantineQueue = "hookline.quarantine";
        private String deadLetterQueue = "hookline.dead-letter";
        private Duration quarantineRetention = Duration.ofDays(7);
        private long quarantineMaxBytes = 1024L * 1024 * 1024;
        private long eventsPageLimitBytes = 2L * 1024 * 1024 * 1024;

        private Builder(Path dataDir) {
            this.dataDir = dataDir;
        }

        /** The CORE acceptor's port on 127.0.0.1; negative for in-VM only. */
        public Builder tcpPort(int port) {
            this.tcpPort = port;
            return this;
        }

        public Builder journalBufferTimeout(Duration timeout) {
            this.journalBufferTimeout = timeout;
            return this;
        }

        /** Hookline's own user; {@code inVmOnly}: refused on every acceptor but the in-VM one. */
        public Builder hooklineUser(BrokerCredential user, boolean inVmOnly) {
            this.hooklineUser = user;
            this.hooklineUserInVmOnly = inVmOnly;
            return this;
        }

        /** The credential that may send to the events queue and do nothing else; {@code null} for none. */
        public Builder producerUser(BrokerCredential user) {
            this.producerUser = user;
            return this;
        }

        /** An operator's credential with Hookline's own rights; {@code null} (the default) for none. */
        public Builder adminUser(BrokerCredential user) {
            this.adminUser = user;
            return this;
        }

        public Builder eventsQueue(String name) {
            this.eventsQueue = name;
            return this;
        }

        public Builder quarantineQueue(String name) {
            this.quarantineQueue = name;
            return this;
        }

        public Builder deadLetterQueue(String name) {
            this.deadLetterQueue = name;
            return this;
        }

        /** How long the quarantine keeps a message before it expires. */
        public Builder quarantineRetention(Duration retention) {
            this.quarantineRetention = retention;
            return this;
        }

        /** The most the quarantine holds, memory and pages together; new arrivals are dropped above it. */
        public Builder quarantineMaxBytes(long bytes) {
            this.quarantineMaxBytes = bytes;
            return this;
        }

        /**
         * The most the events queue pages to disk (what producers sent that the fan-out has not taken yet, beyond what
         * it holds in memory); once reached, sends to it fail until the fan-out has taken some.
         */
        public Builder eventsPageLimitBytes(long bytes) {
            this.eventsPageLimitBytes = bytes;
            return this;
        }

        public EmbeddedActiveMQ build() throws Exception {
            if (hooklineUser == null) {
                throw new IllegalStateException("The embedded broker needs Hookline's own user");
            }
            Path dir = dataDir.resolve("broker").toAbsolutePath();
            Configuration config = new ConfigurationImpl();
            config.setName("hookline");
            config.setPersistenceEnabled(true);
            config.setJMXManagementEnabled(false);
            config.setJournalDirectory(dir.resolve("journal").toString());
            config.setJournalBufferTimeout_NIO((int) journalBufferTimeout.toNanos());
            config.setJournalBufferTimeout_AIO((int) journalBufferTimeout.toNanos());
            // a message the journal's buffer cannot hold becomes a large message, which address limits hardly count:
            // room for the bodies Hookline sends whole (see MIN_LARGE_MESSAGE_BYTES)
            config.setJournalBufferSize_NIO(JOURNAL_BUFFER_BYTES);
            config.setJournalBufferSize_AIO(JOURNAL_BUFFER_BYTES);
            config.setBindingsDirectory(dir.resolve("bindings").toString());
            config.setPagingDirectory(dir.resolve("paging").toString());
            config.setLargeMessagesDirectory(dir.resolve("large-messages").toString());
            config.setNodeManagerLockDirectory(dir.toString());
            config.addAcceptorConfiguration("in-vm", IN_VM_URL);
            if (tcpPort >= 0) {
                config.addAcceptorConfiguration("core", "tcp://127.0.0.1:" + tcpPort + "?protocols=CORE");
            }
            security(config);
            addresses(config);
            // the backlog producers may leave: what the events queue holds in memory, and its pages
            config.registerBrokerPlugin(new ProducerDiskGuard(eventsQueue, hooklineUser.user(),
                    EVENTS_MEMORY_BYTES + eventsPageLimitBytes));
            SecurityConfiguration users = new SecurityConfiguration();
            users.addUser(hooklineUser.user(), hooklineUser.password());
            users.addRole(hooklineUser.user(), HOOKLINE_ROLE);
            if (producerUser != null) {
                users.addUser(producerUser.user(), producerUser.password());
                users.addRole(producerUser.user(), PRODUCER_ROLE);
            }
            if (adminUser != null) {
                users.addUser(adminUser.user(), adminUser.password());
                users.addRole(adminUser.user(), ADMIN_ROLE);
            }
            return new EmbeddedActiveMQ().setConfiguration(config)
                    .setSecurityManager(new HooklineBrokerSecurity(users, hooklineUserInVmOnly ? hooklineUser.user() : null));
        }

        private void security(Configuration config) {
            config.setSecurityEnabled(true);
            // every connection is authenticated anew: a cached login must not let Hookline's in-VM-only user in over TCP
            config.setAuthenticationCacheSize(0);
            Set<Role> everything = new HashSet<>(Set.of(all(HOOKLINE_ROLE), all(ADMIN_ROLE)));
            config.putSecurityRoles("#", everything);
            Set<Role> events = new HashSet<>(everything);
            events.add(new Role(PRODUCER_ROLE, true, false, false, false, false, false, false, false, false, false,
                    false, false));
            config.putSecurityRoles(eventsQueue, events);
            // Hookline's publish, in an application holding the producer credential, sends to the partitioned queue
            config.putSecurityRoles(HooklineComponent.partitionedQueue(eventsQueue), events);
        }

        private void addresses(Configuration config) {
            config.addAddressSetting("hookline.#", new AddressSettings()
                    .setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE)
                    .setMaxSizeBytes(EVENTS_MEMORY_BYTES)
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
            // producers' backlog pages to disk up to a limit, then their sends fail: a producer that sends faster than
            // the fan-out stores cannot fill the disk (Artemis blocks every paging address's producers once the disk
            // is past max-disk-usage)
            config.addAddressSetting(eventsQueue, new AddressSettings()
                    .setDefaultExclusiveQueue(true)
                    .setRedeliveryDelay(0)
                    .setMaxDeliveryAttempts(-1)
                    .setPageLimitBytes(eventsPageLimitBytes)
                    .setPageFullMessagePolicy(PageFullMessagePolicy.FAIL));
            // one message group per partition: a group goes to one consumer at a time, and a consumer is told which
            // groups are new to it; groups are not spread again when a consumer joins (see HooklineEventsConsumer)
            config.addAddressSetting(HooklineComponent.partitionedQueue(eventsQueue), new AddressSettings()
                    .setDefaultGroupFirstKey(SimpleString.of(Partitions.FIRST_OF_GROUP_PROPERTY))
                    .setRedeliveryDelay(0)
                    .setMaxDeliveryAttempts(-1));
            // the byte limit counts messages sent whole (Hookline's clients send bodies below MIN_LARGE_MESSAGE_BYTES
            // so); large messages count as little in it, so a count limit bounds them too
            config.addAddressSetting(quarantineQueue, new AddressSettings()
                    .setExpiryDelay(quarantineRetention.toMillis())
                    .setMaxSizeBytes(Math.min(16L * 1024 * 1024, quarantineMaxBytes / 2))
                    .setMaxSizeMessages(QUARANTINE_MAX_MESSAGES / 10)
                    .setPageLimitBytes(quarantineMaxBytes / 2)
                    .setPageLimitMessages((long) QUARANTINE_MAX_MESSAGES - QUARANTINE_MAX_MESSAGES / 10)
                    .setPageFullMessagePolicy(PageFullMessagePolicy.DROP));
            config.addAddressSetting(deadLetterQueue, new AddressSettings().setExpiryDelay(-1L));
            // created here, exclusive, so that the producer credential can send to it without the right to create it
            config.addAddressConfiguration(new CoreAddressConfiguration().setName(eventsQueue)
                    .addRoutingType(RoutingType.ANYCAST)
                    .addQueueConfiguration(QueueConfiguration.of(eventsQueue).setAddress(eventsQueue)
                            .setRoutingType(RoutingType.ANYCAST).setDurable(true).setExclusive(true)));
            String partitioned = HooklineComponent.partitionedQueue(eventsQueue);
            config.addAddressConfiguration(new CoreAddressConfiguration().setName(partitioned)
                    .addRoutingType(RoutingType.ANYCAST)
                    .addQueueConfiguration(QueueConfiguration.of(partitioned).setAddress(partitioned)
                            .setRoutingType(RoutingType.ANYCAST).setDurable(true)
                            .setGroupFirstKey(Partitions.FIRST_OF_GROUP_PROPERTY)));
        }

        private static Role all(String name) {
            return new Role(name, true, true, true, true, true, true, true, true, true, true, true, true);
        }
    }
}
