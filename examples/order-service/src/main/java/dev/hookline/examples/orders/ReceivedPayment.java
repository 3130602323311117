package dev.hookline.examples.orders;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A payment callback as the order service keeps it: the normalized event's id, type, time and data. */
@Entity
@Table(name = "received_payment")
public class ReceivedPayment {

    @Id
    @Column(name = "event_id")
    private String eventId;
    @Column(name = "event_type", nullable = false)
    private String eventType;
    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;
    @Column(name = "data", nullable = false)
    private String data;
    @Column(name = "received_at", nullable = false)
    private Instant receivedAt;

    protected ReceivedPayment() {
    }

    public ReceivedPayment(String eventId, String eventType, Instant occurredAt, String data, Instant receivedAt) {
        this.eventId = eventId;
        this.eventType = eventType;
        this.occurredAt = occurredAt;
        this.data = data;
        this.receivedAt = receivedAt;
    }

    public String getEventId() {
        return eventId;
    }

    public String getEventType() {
        return eventType;
    }

    public Instant getOccurredAt() {
        return occurredAt;
    }

    public String getData() {
        return data;
    }

    public Instant getReceivedAt() {
        return receivedAt;
    }
}
