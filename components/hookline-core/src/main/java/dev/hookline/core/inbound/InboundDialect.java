package dev.hookline.core.inbound;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.EventFormatException;
import dev.hookline.core.WebhookEvent;

/**
 * One provider's callback format: recognises its requests and turns them into normalized events. Implementations live
 * in the connector modules and are found with {@link java.util.ServiceLoader}.
 */
public interface InboundDialect {

    /** The dialect's name, as in {@code hookline:receive:x?dialect=NAME}. */
    String name();

    /**
     * Whether a request has this dialect's shape.
     *
     * @param json the parsed body when it is JSON, otherwise {@code null}
     */
    boolean recognizes(InboundRequest request, JsonNode json);

    /**
     * The normalized events of a request.
     *
     * @throws EventFormatException naming what is wrong, when the request is not a valid callback of this dialect
     */
    List<WebhookEvent> parse(InboundRequest request);
}
