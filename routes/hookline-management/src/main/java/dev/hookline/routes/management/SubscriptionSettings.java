package dev.hookline.routes.management;

import java.time.Duration;

/** Rules for subscriptions. */
public class SubscriptionSettings {

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

    /** Whether the event type catalogue decides the types ({@code event-types} is {@value SubscriptionRules#CATALOGUE}). */
    public boolean usesCatalogue() {
        return eventTypes.size() == 1 && eventTypes.contains(SubscriptionRules.CATALOGUE);
    }
}
