package dev.hookline.store;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A target URL subscribed to event types, with its own batching limits, optional auth token and signing secret (both
 * stored encrypted, see {@link JdbcSubscriptionRepository}).
 */
public class Subscription {

    private String id;
    /** The account it belongs to, or {@code null} when it was made with the admin key (it then receives events of no account). */
    private String accountId;
    private String name;
    private String target;
    /** Sent to the target with every delivery; stored encrypted. */
    private String authToken;
    private boolean active;
    /** Paused: events are still batched, nothing is delivered until it is resumed. */
    private boolean paused;
    private Integer batchMaxEvents;
    private Long batchMaxWaitMs;
    /** Most bytes of event JSON in one batch, or {@code null} for the server's limit. */
    private Long batchMaxBytes;
    private long createdAt;
    private String deactivatedReason;
    /** JSON object of event data field to required value; {@code null} when the subscription has no filters. */
    private String filters;
    /** Epoch milliseconds from which the subscription receives events (creation plus the activation delay). */
    private long activeFrom;
    /** The management dialect that created it: {@code v1} (Momentum-style) or {@code v2} (FluidSurveys-style). */
    private String api;
    /** How the subscriber receives events; {@code null} for the default of the API that created it. */
    private String format;
    /** Standard Webhooks signing secret ({@code whsec_...}), or {@code null} for unsigned deliveries; stored encrypted. */
    private String signingSecret;
    /** The secret before the last rotation, still used while its grace period lasts; stored encrypted. */
    private String previousSigningSecret;
    /** How the target is authenticated to (custom headers or basic credentials) as JSON, or {@code null}; encrypted. */
    private String targetAuth;
    /**
     * The subscription's TLS to its target (client certificate and key, CA certificates; PEM) as JSON, or {@code null};
     * stored encrypted.
     */
    private String targetTls;
    /** A JSONata expression applied to each event's data before formatting, or {@code null}. */
    private String transformJsonata;
    /** The {@code whsk_} ed25519 secret key that signs {@code v1a} signatures, or {@code null}; stored encrypted. */
    private String signingKey;
    /** The {@code whpk_} public half of {@link #signingKey}, for the subscriber to verify with. */
    private String signingPublicKey;
    /** Epoch milliseconds until which the previous secret also signs. */
    private Long previousSecretUntil;
    /** This subscription's first retry delay, or {@code null} for the server's. */
    private Long retryInitialDelayMs;
    /** This subscription's longest retry delay, or {@code null} for the server's. */
    private Long retryMaxDelayMs;
    /** This subscription's backoff multiplier, or {@code null} for the server's. */
    private Double retryMultiplier;
    /** This subscription's retry delays in seconds, comma-separated, replacing the backoff; {@code null} for none. */
    private String retrySchedule;
    /** POSTs a second this subscription receives at most (a token bucket refilled at this rate), or {@code null}. */
    private Integer ratePerSecond;
    /** Tokens the rate limit's bucket holds at most: POSTs that may go at once after a quiet time. */
    private Integer rateBurst;
    /** Batches of this subscription in flight at once, on all nodes together; {@code null}: one, in order. */
    private Integer maxInFlight;
    /** Deactivate after failing continuously this long; {@code null} never. */
    private Long autoDisableAfterMs;
    /** Epoch milliseconds of the first failure since the last success, or {@code null}. */
    private Long failingSince;

    private Set<String> eventTypes = new LinkedHashSet<>();

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getAccountId() {
        return accountId;
    }

    public void setAccountId(String accountId) {
        this.accountId = accountId;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getTarget() {
        return target;
    }

    public void setTarget(String target) {
        this.target = target;
    }

    public String getAuthToken() {
        return authToken;
    }

    public void setAuthToken(String authToken) {
        this.authToken = authToken;
    }

    public boolean isPaused() {
        return paused;
    }

    public void setPaused(boolean paused) {
        this.paused = paused;
    }

    public boolean isActive() {
        return active;
    }

    public void setActive(boolean active) {
        this.active = active;
    }

    public Integer getBatchMaxEvents() {
        return batchMaxEvents;
    }

    public void setBatchMaxEvents(Integer batchMaxEvents) {
        this.batchMaxEvents = batchMaxEvents;
    }

    public Long getBatchMaxBytes() {
        return batchMaxBytes;
    }

    public void setBatchMaxBytes(Long batchMaxBytes) {
        this.batchMaxBytes = batchMaxBytes;
    }

    public Long getBatchMaxWaitMs() {
        return batchMaxWaitMs;
    }

    public void setBatchMaxWaitMs(Long batchMaxWaitMs) {
        this.batchMaxWaitMs = batchMaxWaitMs;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }

    public String getDeactivatedReason() {
        return deactivatedReason;
    }

    public void setDeactivatedReason(String deactivatedReason) {
        this.deactivatedReason = deactivatedReason;
    }

    public String getFilters() {
        return filters;
    }

    public void setFilters(String filters) {
        this.filters = filters;
    }

    public long getActiveFrom() {
        return activeFrom;
    }

    public void setActiveFrom(long activeFrom) {
        this.activeFrom = activeFrom;
    }

    public String getApi() {
        return api;
    }

    public void setApi(String api) {
        this.api = api;
    }

    public String getFormat() {
        return format;
    }

    public void setFormat(String format) {
        this.format = format;
    }

    public String getSigningSecret() {
        return signingSecret;
    }

    public void setSigningSecret(String signingSecret) {
        this.signingSecret = signingSecret;
    }

    public String getPreviousSigningSecret() {
        return previousSigningSecret;
    }

    public void setPreviousSigningSecret(String previousSigningSecret) {
        this.previousSigningSecret = previousSigningSecret;
    }

    public Long getPreviousSecretUntil() {
        return previousSecretUntil;
    }

    public void setPreviousSecretUntil(Long previousSecretUntil) {
        this.previousSecretUntil = previousSecretUntil;
    }

    public Long getRetryInitialDelayMs() {
        return retryInitialDelayMs;
    }

    public void setRetryInitialDelayMs(Long retryInitialDelayMs) {
        this.retryInitialDelayMs = retryInitialDelayMs;
    }

    public Long getRetryMaxDelayMs() {
        return retryMaxDelayMs;
    }

    public void setRetryMaxDelayMs(Long retryMaxDelayMs) {
        this.retryMaxDelayMs = retryMaxDelayMs;
    }

    public Double getRetryMultiplier() {
        return retryMultiplier;
    }

    public void setRetryMultiplier(Double retryMultiplier) {
        this.retryMultiplier = retryMultiplier;
    }

    public String getTargetAuth() {
        return targetAuth;
    }

    public void setTargetAuth(String targetAuth) {
        this.targetAuth = targetAuth;
    }

    public String getTargetTls() {
        return targetTls;
    }

    public void setTargetTls(String targetTls) {
        this.targetTls = targetTls;
    }

    public String getTransformJsonata() {
        return transformJsonata;
    }

    public void setTransformJsonata(String transformJsonata) {
        this.transformJsonata = transformJsonata;
    }

    public String getSigningKey() {
        return signingKey;
    }

    public void setSigningKey(String signingKey) {
        this.signingKey = signingKey;
    }

    public String getSigningPublicKey() {
        return signingPublicKey;
    }

    public void setSigningPublicKey(String signingPublicKey) {
        this.signingPublicKey = signingPublicKey;
    }

    public Integer getRatePerSecond() {
        return ratePerSecond;
    }

    public void setRatePerSecond(Integer ratePerSecond) {
        this.ratePerSecond = ratePerSecond;
    }

    public Integer getRateBurst() {
        return rateBurst;
    }

    public void setRateBurst(Integer rateBurst) {
        this.rateBurst = rateBurst;
    }

    /** Its rate limit and how many of its batches may be in flight at once. */
    public DeliveryLimits deliveryLimits() {
        return ratePerSecond == null && rateBurst == null && maxInFlight == null ? DeliveryLimits.NONE
                : new DeliveryLimits(ratePerSecond, rateBurst, maxInFlight);
    }

    public Integer getMaxInFlight() {
        return maxInFlight;
    }

    public void setMaxInFlight(Integer maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    public String getRetrySchedule() {
        return retrySchedule;
    }

    public void setRetrySchedule(String retrySchedule) {
        this.retrySchedule = retrySchedule;
    }

    public Long getAutoDisableAfterMs() {
        return autoDisableAfterMs;
    }

    public void setAutoDisableAfterMs(Long autoDisableAfterMs) {
        this.autoDisableAfterMs = autoDisableAfterMs;
    }

    public Long getFailingSince() {
        return failingSince;
    }

    public void setFailingSince(Long failingSince) {
        this.failingSince = failingSince;
    }

    public Set<String> getEventTypes() {
        return eventTypes;
    }

    public void setEventTypes(Set<String> eventTypes) {
        this.eventTypes = eventTypes;
    }
}
