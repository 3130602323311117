package dev.hookline.spring.boot.provider;

import java.nio.file.Path;

import dev.hookline.routes.batching.BatchSettings;
import dev.hookline.routes.batching.DeadLetterSettings;
import dev.hookline.routes.batching.IngestSettings;
import dev.hookline.routes.batching.MaintenanceSettings;
import dev.hookline.routes.delivery.DeliverySettings;
import dev.hookline.routes.management.SubscriptionSettings;
import dev.hookline.routes.security.SecuritySettings;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The provider's settings, as {@code hookline.*}. */
@ConfigurationProperties(prefix = "hookline")
public class HooklineProperties {

    private final Provider provider = new Provider();
    private final BatchSettings batch = new BatchSettings();
    private final DeliverySettings delivery = new DeliverySettings();
    private final IngestSettings ingest = new IngestSettings();
    private final SubscriptionSettings subscription = new SubscriptionSettings();
    private final SecuritySettings security = new SecuritySettings();
    private final DeadLetterSettings deadLetter = new DeadLetterSettings();
    private final MaintenanceSettings maintenance = new MaintenanceSettings();
    /**
     * Where Hookline keeps what it generates and the embedded broker's journal: the API key, this node's id, the
     * secrets key and the broker credential when they are not configured. Unset, Hookline writes no file, and needs
     * each of those configured.
     */
    private Path dataDir;
    /**
     * The admin key: every API request must carry it, or an account's key, as its Authorization header; it manages
     * accounts and the webhooks of no account. Generated into the data dir when unset.
     */
    private String apiKey;
    /** This node's identity in delivery leases; stored in the data dir when unset, so it survives restarts. */
    private String nodeId;
    /**
     * How many partitions the fan-out is split into (1 to 1024): each is read by one node at a time, and nodes share
     * them. An event's partition is its account's; every node must have the same number.
     */
    private int partitions = 8;
    private final Broker broker = new Broker();
    private final Secrets secrets = new Secrets();
    private final Quarantine quarantine = new Quarantine();
    private final Account account = new Account();

    public Provider getProvider() {
        return provider;
    }

    public BatchSettings getBatch() {
        return batch;
    }

    public DeliverySettings getDelivery() {
        return delivery;
    }

    public IngestSettings getIngest() {
        return ingest;
    }

    public SubscriptionSettings getSubscription() {
        return subscription;
    }

    public SecuritySettings getSecurity() {
        return security;
    }

    public DeadLetterSettings getDeadLetter() {
        return deadLetter;
    }

    public MaintenanceSettings getMaintenance() {
        return maintenance;
    }

    /**
     * The data directory, for what needs it.
     *
     * @throws IllegalStateException naming the properties to set when there is none
     */
    public Path requireDataDir(String forWhat, String orSet) {
        if (dataDir == null) {
            throw new IllegalStateException("Hookline needs a data directory for " + forWhat + ": set hookline.data-dir, "
                    + "or " + orSet);
        }
        return dataDir;
    }

    /** The provider capability: fan-out, batching, delivery, the management API and the event door. */
    public static class Provider {
        /** Switches the provider on (the server does); the hookline: component works without it. */
        private boolean enabled;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    public int getPartitions() {
        return partitions;
    }

    public void setPartitions(int partitions) {
        this.partitions = partitions;
    }

    public String getNodeId() {
        return nodeId;
    }

    public void setNodeId(String nodeId) {
        this.nodeId = nodeId;
    }

    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public Path getDataDir() {
        return dataDir;
    }

    public void setDataDir(Path dataDir) {
        this.dataDir = dataDir;
    }

    public Broker getBroker() {
        return broker;
    }

    public Secrets getSecrets() {
        return secrets;
    }

    public Quarantine getQuarantine() {
        return quarantine;
    }

    public Account getAccount() {
        return account;
    }

    /** The limits of each account, unless the account has its own (set through {@code /api/v1/accounts}). */
    public static class Account {
        /** The most webhooks an account may have. */
        private int maxSubscriptions = 100;
        /** The events an account may post a second (a token bucket holding one second's worth); 429 above. */
        private int maxEventsPerSecond = 1000;

        public int getMaxSubscriptions() {
            return maxSubscriptions;
        }

        public void setMaxSubscriptions(int maxSubscriptions) {
            this.maxSubscriptions = maxSubscriptions;
        }

        public int getMaxEventsPerSecond() {
            return maxEventsPerSecond;
        }

        public void setMaxEventsPerSecond(int maxEventsPerSecond) {
            this.maxEventsPerSecond = maxEventsPerSecond;
        }
    }

    /** The embedded broker's quarantine queue, where refused input is kept for an operator. */
    public static class Quarantine {
        /** How long a quarantined message is kept before the broker expires it. */
        private java.time.Duration retention = java.time.Duration.ofDays(7);
        /** The most the quarantine holds (in memory and paged to disk); new arrivals are dropped above it. */
        private org.springframework.util.unit.DataSize maxSize = org.springframework.util.unit.DataSize.ofGigabytes(1);

        public java.time.Duration getRetention() {
            return retention;
        }

        public void setRetention(java.time.Duration retention) {
            this.retention = retention;
        }

        public org.springframework.util.unit.DataSize getMaxSize() {
            return maxSize;
        }

        public void setMaxSize(org.springframework.util.unit.DataSize maxSize) {
            this.maxSize = maxSize;
        }
    }

    /** The file of the key that stored secrets are encrypted with: configured, or {@code secrets.key} in the data dir. */
    public Path secretsKeyFile() {
        return secrets.getKeyFile() != null ? secrets.getKeyFile()
                : requireDataDir("the key of stored secrets", "hookline.secrets.key-file").resolve(SecretKeys.FILE_NAME);
    }

    /** Encryption of the secrets Hookline stores (subscribers' auth tokens and signing secrets). */
    public static class Secrets {
        /**
         * The file holding the key (32 bytes, base64) that stored secrets are encrypted with; generated when the
         * database holds none yet. Default: secrets.key in the data directory. Every node needs the same file.
         */
        private Path keyFile;

        public Path getKeyFile() {
            return keyFile;
        }

        public void setKeyFile(Path keyFile) {
            this.keyFile = keyFile;
        }
    }

    /** The message broker. Without a url, Hookline runs an embedded Artemis broker in the data directory. */
    public static class Broker {
        /**
         * Run an embedded Artemis broker in the data directory (the server does), unless {@code url} names an external
         * one; otherwise Hookline uses the application's JMS ConnectionFactory.
         */
        private boolean embedded;
        /** URL of an external Artemis broker, such as tcp://broker:61616. */
        private String url;
        /** Hookline's own user on an external broker (the embedded broker's is internal, generated at each start). */
        private String user;
        private String password;
        /**
         * The embedded broker's producer credential, which may send to the events queue and do nothing else; when
         * unset, one is generated into the data directory (broker-credentials) and printed once.
         */
        private String producerUser;
        /** The password of the producer credential; generated with it when unset. */
        private String producerPassword;
        /**
         * An operator's credential on the embedded broker, with Hookline's own rights (consume, browse, manage), for
         * the broker's tools; none unless both are set.
         */
        private String adminUser;
        /** The password of the operator's credential. */
        private String adminPassword;
        /** Port of the embedded broker's acceptor on 127.0.0.1, for plain JMS producers; -1 for in-VM only. */
        private int port = 61616;
        /** Most broker connections the pool keeps. */
        private int maxConnections = 2;
        /**
         * How long the embedded broker's journal gathers writes before one sync to disk (Artemis'
         * journal-buffer-timeout). Shorter answers each durable hand-off sooner on a disk with fast syncs; longer
         * groups more writes per sync on a slow one.
         */
        private java.time.Duration journalBufferTimeout = java.time.Duration.ofNanos(100_000);
        /**
         * The most the embedded broker's events queue pages to disk: what producers sent and the fan-out has not taken
         * yet, beyond the 64 MB it holds in memory. Once reached, and once the events queues hold this and 64 MB in all
         * (large messages' bodies included), producers' sends fail until the fan-out catches up.
         */
        private org.springframework.util.unit.DataSize eventsPageLimit = org.springframework.util.unit.DataSize.ofGigabytes(2);

        public org.springframework.util.unit.DataSize getEventsPageLimit() {
            return eventsPageLimit;
        }

        public void setEventsPageLimit(org.springframework.util.unit.DataSize eventsPageLimit) {
            this.eventsPageLimit = eventsPageLimit;
        }

        public boolean isEmbedded() {
            return embedded;
        }

        public void setEmbedded(boolean embedded) {
            this.embedded = embedded;
        }

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getUser() {
            return user;
        }

        public void setUser(String user) {
            this.user = user;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public int getPort() {
            return port;
        }

        public String getProducerUser() {
            return producerUser;
        }

        public void setProducerUser(String producerUser) {
            this.producerUser = producerUser;
        }

        public String getProducerPassword() {
            return producerPassword;
        }

        public void setProducerPassword(String producerPassword) {
            this.producerPassword = producerPassword;
        }

        public String getAdminUser() {
            return adminUser;
        }

        public void setAdminUser(String adminUser) {
            this.adminUser = adminUser;
        }

        public String getAdminPassword() {
            return adminPassword;
        }

        public void setAdminPassword(String adminPassword) {
            this.adminPassword = adminPassword;
        }

        public void setPort(int port) {
            this.port = port;
        }

        public java.time.Duration getJournalBufferTimeout() {
            return journalBufferTimeout;
        }

        public void setJournalBufferTimeout(java.time.Duration journalBufferTimeout) {
            this.journalBufferTimeout = journalBufferTimeout;
        }

        public int getMaxConnections() {
            return maxConnections;
        }

        public void setMaxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
        }
    }
}
