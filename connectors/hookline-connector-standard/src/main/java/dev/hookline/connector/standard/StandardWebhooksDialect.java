package dev.hookline.connector.standard;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.EventFormatException;
import dev.hookline.core.WebhookEvent;
import dev.hookline.core.inbound.InboundDialect;
import dev.hookline.core.inbound.InboundRequest;
import dev.hookline.core.inbound.Payloads;

/**
 * Standard Webhooks payloads: {@code {"type", "timestamp": ISO-8601, "data": {...}}}, or an array of them with their
 * own {@code id}s (as Hookline's own {@code standard} format sends batches). A single payload's id is the
 * {@code webhook-id} header. Signatures ({@code webhook-signature}) are checked with the endpoint's {@code whsec_}
 * secret ({@code v1}, HMAC-SHA256) or {@code whpk_} public key ({@code v1a}, ed25519), as by every dialect without a
 * scheme of its own.
 */
public final class StandardWebhooksDialect implements InboundDialect {

    @Override
    public String name() {
        return "standard";
    }

    @Override
    public boolean signedBy(InboundRequest request) {
        return request.header("webhook-signature") != null;
    }

    @Override
    public boolean recognizes(InboundRequest request, JsonNode json) {
        if (request.header("webhook-id") != null) {
            return true;
        }
        JsonNode first = json != null && json.isArray() && !json.isEmpty() ? json.get(0) : json;
        return first != null && first.isObject() && first.has("type") && first.get("type").isTextual();
    }

    @Override
    public List<WebhookEvent> parse(InboundRequest request) {
        JsonNode root = Payloads.json(request);
        if (root.isObject()) {
            String id = request.header("webhook-id");
            return List.of(event(root, id, "", request.bodyText(), request.body()));
        }
        if (!root.isArray() || root.isEmpty()) {
            throw new EventFormatException("A Standard Webhooks payload is a JSON object {type, timestamp, data}, "
                    + "or a non-empty array of them", null);
        }
        List<WebhookEvent> events = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode item = root.get(i);
            if (!item.isObject()) {
                throw new EventFormatException("Each event must be a JSON object", "[" + i + "]");
            }
            String raw = item.toString();
            events.add(event(item, Payloads.text(item, "id"), "[" + i + "].", raw, raw.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return events;
    }

    private WebhookEvent event(JsonNode node, String id, String at, String raw, byte[] rawBytes) {
        String type = Payloads.text(node, "type");
        if (type == null || type.isBlank()) {
            throw new EventFormatException("Field 'type' is required", at + "type");
        }
        JsonNode dataNode = node.get("data");
        if (dataNode != null && !dataNode.isNull() && !dataNode.isObject()) {
            throw new EventFormatException("Field 'data' must be an object", at + "data");
        }
        Map<String, Object> data = dataNode == null || dataNode.isNull() ? Map.of() : Payloads.map(dataNode);
        Instant occurredAt = Instant.now();
        String ts = Payloads.text(node, "timestamp");
        if (ts != null) {
            try {
                occurredAt = OffsetDateTime.parse(ts).toInstant();
            } catch (DateTimeParseException e) {
                throw new EventFormatException("Field 'timestamp' must be an ISO-8601 time", at + "timestamp");
            }
        }
        return new WebhookEvent(id != null ? id : Payloads.contentId(name(), rawBytes), type, name(), occurredAt, data, raw);
    }
}
