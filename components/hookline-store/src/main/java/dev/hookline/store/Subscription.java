package dev.hookline.store;

import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

/** A target URL subscribed to event types, with its own batching limits and optional auth token. */
@Entity
@Table(name = "subscription")
public class Subscription {

    @Id
    private String id;
    private String name;
    private String target;
    private String authToken;
    private boolean active;
    private Integer batchMaxEvents;
    private Long batchMaxWaitMs;
    private long createdAt;
    private String deactivatedReason;
    /** JSON object of event data field to required value; {@code null} when the subscription has no filters. */
    private String filters;
    /** Epoch milliseconds from which the subscription receives events (creation plus the activation delay). */
    private long activeFrom;
    /** The management dialect that created it: {@code v1} (Momentum-style) or {@code v2} (FluidSurveys-style). */
    private String api;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "subscription_event_type", joinColumns = @JoinColumn(name = "subscription_id"))
    @Column(name = "event_type")
    private Set<String> eventTypes = new LinkedHashSet<>();

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
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

    public Set<String> getEventTypes() {
        return eventTypes;
    }

    public void setEventTypes(Set<String> eventTypes) {
        this.eventTypes = eventTypes;
    }
}
