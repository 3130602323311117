package dev.hookline.core;

/**
 * An event reuses the id (within its source) of an event received earlier with different content. An id names one
 * event: the first one stands, the later one is refused (409 at the HTTP door, quarantine from the events queue, this
 * exception from {@code hookline:publish}). The message names the id, never the content.
 */
public class EventIdConflictException extends RuntimeException {

    private final String eventId;

    public EventIdConflictException(String eventId, String source) {
        super("Event id '" + eventId + "'" + (source == null ? "" : " of source '" + source + "'")
                + " was already received with different content; an id names one event, so this one is refused",
                null, false, false);
        this.eventId = eventId;
    }

    public String eventId() {
        return eventId;
    }
}
