package dev.hookline.routes.management.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Gives every response of the document a {@code description}, which OpenAPI requires and Camel leaves out for the
 * REST operations that declare no response messages: what every Hookline API answers, JSON, with errors as
 * {@code {"errors": [{"message", "field"}]}}.
 */
public class ResponseDescriptions implements OpenApiAddition {

    static final String DESCRIPTION = "A JSON answer; a 4xx or 5xx one is {\"errors\": [{\"message\", \"field\"}]}";

    @Override
    public void addTo(ObjectNode document) {
        for (JsonNode path : document.path("paths")) {
            for (JsonNode operation : path) {
                for (JsonNode response : operation.path("responses")) {
                    if (response instanceof ObjectNode r && !r.has("description") && !r.has("$ref")) {
                        r.put("description", DESCRIPTION);
                    }
                }
            }
        }
    }
}
