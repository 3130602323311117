package dev.hookline.routes.batching;

import java.util.List;

import dev.hookline.core.EventCheck;
import dev.hookline.core.EventFormatException;
import dev.hookline.core.WebhookEvent;

/**
 * The check of events that outside producers wrote straight to the events queue, as the doors check theirs (the
 * event type catalogue's schemas, for one). Such a message cannot be answered with a 400: the first event that fails
 * makes the whole message go to quarantine, with the check's reason (which names the failing place). Messages that
 * Hookline's publish wrote and sealed were checked at their door and are not checked again.
 */
final class QueuedEventCheck {

    /** No check: every event is taken. */
    static final EventCheck NONE = event -> { };

    private QueuedEventCheck() {
    }

    static EventCheck orNone(EventCheck check) {
        return check == null ? NONE : check;
    }

    /**
     * @throws EventFormatException for the first event of the message that fails the check, with its reason
     */
    static void checkAll(EventCheck check, List<WebhookEvent> events) {
        if (check == NONE) {
            return;
        }
        for (WebhookEvent e : events) {
            check.check(e);
        }
    }
}
