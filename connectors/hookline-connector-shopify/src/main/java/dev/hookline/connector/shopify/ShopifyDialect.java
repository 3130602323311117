package dev.hookline.connector.shopify;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.EventFormatException;
import dev.hookline.core.WebhookEvent;
import dev.hookline.core.inbound.InboundDialect;
import dev.hookline.core.inbound.InboundRequest;
import dev.hookline.core.inbound.Payloads;
import dev.hookline.core.inbound.RequestVerifier;
import dev.hookline.core.inbound.VerificationSettings;

/**
 * Shopify webhooks: the topic's JSON resource ({@code orders/create} posts the order), signed with
 * {@code X-Shopify-Hmac-Sha256} (see {@link ShopifySignature}).
 *
 * <p>Normalized: id the {@code X-Shopify-Webhook-Id} header (the same on Shopify's retries), or
 * {@code X-Shopify-Event-Id} without it; type the {@code X-Shopify-Topic} header with its slashes as dots
 * ({@code orders/create} becomes {@code orders.create}, as event types hold no slashes); occurred_at
 * {@code X-Shopify-Triggered-At} when sent, else the time of receipt; data the resource.
 */
public final class ShopifyDialect implements InboundDialect {

    static final String TOPIC = "X-Shopify-Topic";

    @Override
    public String name() {
        return "shopify";
    }

    @Override
    public boolean signedBy(InboundRequest request) {
        return request.header(ShopifySignature.HEADER) != null || request.header(TOPIC) != null;
    }

    @Override
    public boolean recognizes(InboundRequest request, JsonNode json) {
        return signedBy(request);
    }

    @Override
    public Optional<RequestVerifier> verifier(VerificationSettings settings) {
        return settings.secretOnly("Shopify signs with the app's client secret", ShopifySignature::new);
    }

    @Override
    public List<WebhookEvent> parse(InboundRequest request) {
        String topic = request.header(TOPIC);
        if (topic == null || topic.isBlank()) {
            throw new EventFormatException("The " + TOPIC + " header is required", null);
        }
        JsonNode root = Payloads.json(request);
        if (!root.isObject()) {
            throw new EventFormatException("A Shopify webhook's body is a JSON object", null);
        }
        String id = first(request.header("X-Shopify-Webhook-Id"), request.header("X-Shopify-Event-Id"));
        if (id == null) {
            id = Payloads.contentId(name(), request.body());
        }
        Instant occurredAt = Instant.now();
        String triggeredAt = request.header("X-Shopify-Triggered-At");
        if (triggeredAt != null) {
            try {
                occurredAt = OffsetDateTime.parse(triggeredAt.trim()).toInstant();
            } catch (DateTimeParseException e) {
                throw new EventFormatException("The X-Shopify-Triggered-At header must be an ISO-8601 time", null);
            }
        }
        Map<String, Object> data = Payloads.map(root);
        return List.of(new WebhookEvent(id, topic.trim().replace('/', '.'), name(), occurredAt, data, request.bodyText()));
    }

    private static String first(String a, String b) {
        return a != null && !a.isBlank() ? a.trim() : b != null && !b.isBlank() ? b.trim() : null;
    }
}
