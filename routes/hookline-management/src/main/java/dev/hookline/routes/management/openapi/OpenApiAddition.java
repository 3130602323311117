package dev.hookline.routes.management.openapi;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What Hookline adds to the OpenAPI document Camel writes from the REST definitions, at every request for it. */
@FunctionalInterface
public interface OpenApiAddition {

    /** Adds to {@code document}, a copy of Camel's document (OpenAPI 3.1 JSON) made for this request. */
    void addTo(ObjectNode document);
}
