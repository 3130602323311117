package dev.hookline.core;

import java.util.List;

/**
 * Where the doors record the ids of the events they accept, before they acknowledge them, so that an id sent again
 * with other content is refused at once instead of after its acknowledgement. Ids are scoped by the event's source.
 */
public interface EventIdRegistry {

    /**
     * Records the events' ids with their content, all or none.
     *
     * @throws EventIdConflictException when one of them was received before with different content (then none is
     *                                  recorded); the same id with the same content is a duplicate and passes
     */
    void claim(List<WebhookEvent> events);
}
