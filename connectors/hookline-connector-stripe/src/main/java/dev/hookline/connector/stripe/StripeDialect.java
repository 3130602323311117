package dev.hookline.connector.stripe;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.EpochSeconds;
import dev.hookline.core.EventFormatException;
import dev.hookline.core.WebhookEvent;
import dev.hookline.core.inbound.InboundDialect;
import dev.hookline.core.inbound.InboundRequest;
import dev.hookline.core.inbound.Payloads;
import dev.hookline.core.inbound.RequestVerifier;
import dev.hookline.core.inbound.VerificationSettings;

/**
 * Stripe events: a JSON Event object {@code {"id": "evt_...", "object": "event", "type", "created", "data": {"object",
 * "previous_attributes"?}, ...}}, one per request, signed with {@code Stripe-Signature} (see {@link StripeSignature}).
 *
 * <p>Normalized: id the event's {@code id}, type its {@code type} ({@code payment_intent.succeeded}),
 * occurred_at its {@code created} (epoch seconds), data the whole Event object (so {@code data.data.object} is the
 * API object the event is about).
 */
public final class StripeDialect implements InboundDialect {

    @Override
    public String name() {
        return "stripe";
    }

    @Override
    public boolean signedBy(InboundRequest request) {
        return request.header(StripeSignature.HEADER) != null;
    }

    @Override
    public boolean recognizes(InboundRequest request, JsonNode json) {
        return signedBy(request) || json != null && json.isObject() && "event".equals(Payloads.text(json, "object"))
                && json.has("id") && json.has("type") && json.has("created");
    }

    @Override
    public Optional<RequestVerifier> verifier(VerificationSettings settings) {
        return settings.secretOnly("Stripe signs with the endpoint's signing secret (whsec_...)", secret -> new StripeSignature(secret, settings.toleranceSeconds()));
    }

    @Override
    public List<WebhookEvent> parse(InboundRequest request) {
        JsonNode root = Payloads.json(request);
        if (!root.isObject()) {
            throw new EventFormatException("A Stripe event is a JSON object {id, object: \"event\", type, created, data}", null);
        }
        String id = Payloads.text(root, "id");
        if (id == null || id.isEmpty()) {
            throw new EventFormatException("Field 'id' is required", "id");
        }
        String type = Payloads.text(root, "type");
        if (type == null || type.isEmpty()) {
            throw new EventFormatException("Field 'type' is required", "type");
        }
        JsonNode created = root.get("created");
        if (created == null || !created.isIntegralNumber() || !created.canConvertToLong() || !EpochSeconds.isPlausible(created.asLong())) {
            throw new EventFormatException("Field 'created' must be epoch seconds", "created");
        }
        JsonNode data = root.get("data");
        if (data != null && !data.isNull() && !data.isObject()) {
            throw new EventFormatException("Field 'data' must be an object", "data");
        }
        return List.of(new WebhookEvent(id, type, name(), Instant.ofEpochSecond(created.asLong()), Payloads.map(root),
                request.bodyText()));
    }
}
