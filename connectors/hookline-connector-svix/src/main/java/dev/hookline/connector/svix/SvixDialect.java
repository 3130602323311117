package dev.hookline.connector.svix;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.EpochSeconds;
import dev.hookline.core.EventFormatException;
import dev.hookline.core.WebhookEvent;
import dev.hookline.core.inbound.InboundDialect;
import dev.hookline.core.inbound.InboundRequest;
import dev.hookline.core.inbound.Payloads;
import dev.hookline.core.inbound.RequestVerifier;
import dev.hookline.core.inbound.StandardWebhooksVerifier;
import dev.hookline.core.inbound.VerificationSettings;

/**
 * Webhooks sent through Svix (by Clerk, Resend, Brex and the other services that use it): the Standard Webhooks
 * scheme under Svix's header names, {@code svix-id}, {@code svix-timestamp} and {@code svix-signature}
 * ({@code v1,<base64 HMAC-SHA256 of id.timestamp.body>} with a {@code whsec_} secret).
 *
 * <p>Svix leaves the payload to the sender; most send {@code {"type", "data", ...}}. Normalized: id the
 * {@code svix-id} header (the same on Svix's retries), type the payload's {@code type} (or the endpoint's
 * {@code eventName} when the payload has none), occurred_at the payload's ISO-8601 {@code timestamp} when present,
 * else {@code svix-timestamp}; data the payload's {@code data} object when it has one, else the whole payload.
 */
public final class SvixDialect implements InboundDialect {

    @Override
    public String name() {
        return "svix";
    }

    @Override
    public boolean signedBy(InboundRequest request) {
        return request.header("svix-signature") != null || request.header("svix-id") != null;
    }

    @Override
    public boolean recognizes(InboundRequest request, JsonNode json) {
        return signedBy(request);
    }

    @Override
    public Optional<RequestVerifier> verifier(VerificationSettings settings) {
        return Optional.ofNullable(StandardWebhooksVerifier.forSettings("svix-", settings));
    }

    @Override
    public List<WebhookEvent> parse(InboundRequest request) {
        JsonNode root = Payloads.json(request);
        if (!root.isObject()) {
            throw new EventFormatException("A Svix-sent payload is a JSON object", null);
        }
        String type = Payloads.text(root, "type");
        if (type == null || type.isEmpty()) {
            type = request.parameter("eventName");
        }
        if (type == null || type.isEmpty()) {
            throw new EventFormatException("Field 'type' is required (or the endpoint's eventName)", "type");
        }
        String id = request.header("svix-id");
        if (id == null || id.isBlank()) {
            id = Payloads.contentId(name(), request.body());
        }
        JsonNode dataNode = root.get("data");
        Map<String, Object> data = dataNode != null && dataNode.isObject() ? Payloads.map(dataNode) : Payloads.map(root);
        return List.of(new WebhookEvent(id.trim(), type, name(), occurredAt(request, root), data, request.bodyText()));
    }

    private static Instant occurredAt(InboundRequest request, JsonNode root) {
        String ts = Payloads.text(root, "timestamp");
        if (ts != null && root.get("timestamp").isTextual()) {
            try {
                return OffsetDateTime.parse(ts).toInstant();
            } catch (DateTimeParseException e) {
                throw new EventFormatException("Field 'timestamp' must be an ISO-8601 time", "timestamp");
            }
        }
        String header = request.header("svix-timestamp");
        if (header != null) {
            try {
                long seconds = Long.parseLong(header.trim());
                if (EpochSeconds.isPlausible(seconds)) {
                    return Instant.ofEpochSecond(seconds);
                }
            } catch (NumberFormatException e) {
                // not a time: the time of receipt
            }
        }
        return Instant.now();
    }
}
