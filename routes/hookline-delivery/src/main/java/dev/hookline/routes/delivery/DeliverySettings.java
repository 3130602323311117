package dev.hookline.routes.delivery;

import java.time.Duration;

/** Delivery of batches to targets and retrying failed ones. */
public class DeliverySettings {

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
     * With subscriptions of several accounts, each lane's attempts are shared between the accounts: no account holds
     * more than its share. False lets one account take a whole lane.
     */
    private boolean shareBetweenAccounts = true;
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

    public boolean isShareBetweenAccounts() {
        return shareBetweenAccounts;
    }

    public void setShareBetweenAccounts(boolean shareBetweenAccounts) {
        this.shareBetweenAccounts = shareBetweenAccounts;
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
