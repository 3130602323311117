package dev.hookline.routes;

import java.time.Duration;

/**
 * Everything the pipeline routes are tuned by. Bound from {@code hookline.*} properties by the Spring Boot starter;
 * plain setters for any other runtime.
 */
public class HooklineSettings {

    private final Batch batch = new Batch();
    private final Delivery delivery = new Delivery();
    private final Ingest ingest = new Ingest();
    private final Subscription subscription = new Subscription();
    private final Security security = new Security();
    private final DeadLetter deadLetter = new DeadLetter();
    private final Maintenance maintenance = new Maintenance();

    public Batch getBatch() {
        return batch;
    }

    public Delivery getDelivery() {
        return delivery;
    }

    public Ingest getIngest() {
        return ingest;
    }

    public Subscription getSubscription() {
        return subscription;
    }

    public Security getSecurity() {
        return security;
    }

    public DeadLetter getDeadLetter() {
        return deadLetter;
    }

    public Maintenance getMaintenance() {
        return maintenance;
    }

    /** Batches whose retry window ran out. */
    public static class DeadLetter {
        /** How long a dead letter is kept (listed and replayable) before it is purged with its events. */
        private Duration retention = Duration.ofDays(14);

        public Duration getRetention() {
            return retention;
        }

        public void setRetention(Duration retention) {
            this.retention = retention;
        }
    }

    /** Housekeeping of the database. */
    public static class Maintenance {
        /** How often delivered batches, unlisted events, expired dead letters and old event ids are purged. */
        private Duration interval = Duration.ofMinutes(1);

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }
    }

    /** Rules for subscriptions. */
    public static class Subscription {
        /** How long a new subscription waits before it receives events. */
        private Duration activationDelay = Duration.ZERO;
        /** The event types subscriptions may select; empty allows any. */
        private java.util.Set<String> eventTypes = new java.util.LinkedHashSet<>();

        public Duration getActivationDelay() {
            return activationDelay;
        }

        public void setActivationDelay(Duration activationDelay) {
            this.activationDelay = activationDelay;
        }

        public java.util.Set<String> getEventTypes() {
            return eventTypes;
        }

        public void setEventTypes(java.util.Set<String> eventTypes) {
            this.eventTypes = eventTypes;
        }
    }

    /** Protection of the API and of the network the server runs in. */
    public static class Security {
        /** Allow webhook targets on loopback, private and link-local addresses (closed networks and tests only). */
        private boolean allowPrivateTargets;

        public boolean isAllowPrivateTargets() {
            return allowPrivateTargets;
        }

        public void setAllowPrivateTargets(boolean allowPrivateTargets) {
            this.allowPrivateTargets = allowPrivateTargets;
        }
    }

    /** Per-subscription batching: a batch completes at whichever limit comes first. */
    public static class Batch {
        /** Most events in one batch. */
        private int maxEvents = 10_000;
        /** Longest a batch waits after its first event. */
        private Duration maxWait = Duration.ofSeconds(30);
        /**
         * Most bytes of event JSON (canonical, UTF-8) in one batch: a batch closes before an event would take it past
         * this, and a single larger event is refused at intake.
         */
        private long maxBytes = 10L * 1024 * 1024;

        public long getMaxBytes() {
            return maxBytes;
        }

        public void setMaxBytes(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        public int getMaxEvents() {
            return maxEvents;
        }

        public void setMaxEvents(int maxEvents) {
            this.maxEvents = maxEvents;
        }

        public Duration getMaxWait() {
            return maxWait;
        }

        public void setMaxWait(Duration maxWait) {
            this.maxWait = maxWait;
        }
    }

    /** Delivery of batches to targets and retrying failed ones. */
    public static class Delivery {
        /** Deadline of one delivery POST: connecting, sending and the whole answer. */
        private Duration timeout = Duration.ofSeconds(6);
        /** How long a batch is retried, from its first attempt, before it becomes a dead letter. */
        private Duration retryWindow = Duration.ofHours(4);
        /** Delay before the first retry. */
        private Duration initialDelay = Duration.ofSeconds(10);
        /** Each further retry waits this many times longer... */
        private double multiplier = 2.0;
        /** ...up to this delay. */
        private Duration maxDelay = Duration.ofMinutes(30);
        /** Random spread of each delay, as a fraction (0.2 = plus or minus 20%). */
        private double jitter = 0.2;
        /** How often due batches are looked for. */
        private Duration pollInterval = Duration.ofMillis(200);
        /**
         * Attempts in flight at once for healthy subscriptions (one batch per subscription at a time). POSTs wait
         * without holding a thread, so this can be large.
         */
        private int concurrency = 1024;
        /** Attempts in flight at once for retries and for subscriptions whose last attempt failed. */
        private int retryConcurrency = 256;
        /**
         * Bytes of event JSON the attempts in flight may hold in memory (healthy subscriptions three quarters of it,
         * retries a quarter); at least one attempt per lane always runs.
         */
        private long maxInFlightBytes = 64L * 1024 * 1024;
        /** Threads that read and format batches and record outcomes (never the ones waiting for targets). */
        private int threads = 8;
        /**
         * Most connections to one target host and port at once, in each lane (each subscription has at most one
         * attempt in flight; this bounds what many subscriptions on one host send it at once).
         */
        private int maxConnectionsPerHost = 32;
        /**
         * Health reports delivery DOWN when batches have been due this long while no attempt ended for as long (attempts
         * end within the timeout whatever their targets do).
         */
        private Duration stalledAfter = Duration.ofMinutes(1);

        public Duration getStalledAfter() {
            return stalledAfter;
        }

        public void setStalledAfter(Duration stalledAfter) {
            this.stalledAfter = stalledAfter;
        }

        public int getRetryConcurrency() {
            return retryConcurrency;
        }

        public void setRetryConcurrency(int retryConcurrency) {
            this.retryConcurrency = retryConcurrency;
        }

        public long getMaxInFlightBytes() {
            return maxInFlightBytes;
        }

        public void setMaxInFlightBytes(long maxInFlightBytes) {
            this.maxInFlightBytes = maxInFlightBytes;
        }

        public int getThreads() {
            return threads;
        }

        public void setThreads(int threads) {
            this.threads = threads;
        }

        public int getMaxConnectionsPerHost() {
            return maxConnectionsPerHost;
        }

        public void setMaxConnectionsPerHost(int maxConnectionsPerHost) {
            this.maxConnectionsPerHost = maxConnectionsPerHost;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public Duration getRetryWindow() {
            return retryWindow;
        }

        public void setRetryWindow(Duration retryWindow) {
            this.retryWindow = retryWindow;
        }

        public Duration getInitialDelay() {
            return initialDelay;
        }

        public void setInitialDelay(Duration initialDelay) {
            this.initialDelay = initialDelay;
        }

        public double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(double multiplier) {
            this.multiplier = multiplier;
        }

        public Duration getMaxDelay() {
            return maxDelay;
        }

        public void setMaxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
        }

        public double getJitter() {
            return jitter;
        }

        public void setJitter(double jitter) {
            this.jitter = jitter;
        }

        public Duration getPollInterval() {
            return pollInterval;
        }

        public void setPollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
        }

        public int getConcurrency() {
            return concurrency;
        }

        public void setConcurrency(int concurrency) {
            this.concurrency = concurrency;
        }
    }

    /** Input doors. */
    public static class Ingest {
        /** Largest request body accepted by the HTTP doors, and largest message taken from the events queue, in bytes. */
        private long maxBody = 1024 * 1024;
        /** Most messages the fan-out takes from the events queue in one broker transaction. */
        private int chunkSize = 500;
        /**
         * How long an event id (within its source) is remembered from when it was first received: within it, the
         * same id with the same content is a duplicate and with other content a conflict; after it, a new event.
         */
        private Duration duplicateWindow = Duration.ofHours(1);

        public Duration getDuplicateWindow() {
            return duplicateWindow;
        }

        public void setDuplicateWindow(Duration duplicateWindow) {
            this.duplicateWindow = duplicateWindow;
        }

        public long getMaxBody() {
            return maxBody;
        }

        public void setMaxBody(long maxBody) {
            this.maxBody = maxBody;
        }

        public int getChunkSize() {
            return chunkSize;
        }

        public void setChunkSize(int chunkSize) {
            this.chunkSize = chunkSize;
        }
    }
}
