package dev.hookline.connector.github;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.EventFormatException;
import dev.hookline.core.StrictJson;
import dev.hookline.core.WebhookEvent;
import dev.hookline.core.inbound.InboundDialect;
import dev.hookline.core.inbound.InboundReply;
import dev.hookline.core.inbound.InboundRequest;
import dev.hookline.core.inbound.Payloads;
import dev.hookline.core.inbound.RequestVerifier;
import dev.hookline.core.inbound.VerificationSettings;

/**
 * GitHub webhook deliveries, as JSON or as {@code application/x-www-form-urlencoded} with the JSON in the
 * {@code payload} field (the content type chosen when the webhook was created), signed with
 * {@code X-Hub-Signature-256} (see {@link GitHubSignature}).
 *
 * <p>Normalized: id the {@code X-GitHub-Delivery} header (the same on GitHub's redeliveries), type the
 * {@code X-GitHub-Event} header, followed by {@code .action} when the payload has one ({@code issues.opened},
 * {@code push}), occurred_at the time of receipt (GitHub's payloads carry no event time of their own), data the
 * payload. The {@code ping} sent when a webhook is created is answered 200 and emits nothing.
 */
public final class GitHubDialect implements InboundDialect {

    static final String EVENT = "X-GitHub-Event";
    static final String DELIVERY = "X-GitHub-Delivery";

    @Override
    public String name() {
        return "github";
    }

    @Override
    public boolean signedBy(InboundRequest request) {
        return request.header(EVENT) != null || request.header(GitHubSignature.HEADER) != null;
    }

    @Override
    public boolean recognizes(InboundRequest request, JsonNode json) {
        return signedBy(request);
    }

    @Override
    public Optional<RequestVerifier> verifier(VerificationSettings settings) {
        return settings.secretOnly("GitHub signs with the webhook's secret", GitHubSignature::new);
    }

    @Override
    public Optional<InboundReply> reply(InboundRequest request) {
        if ("ping".equals(request.header(EVENT))) {
            return Optional.of(new InboundReply("application/json", "{\"received\":0,\"ping\":\"acknowledged\"}"));
        }
        return Optional.empty();
    }

    @Override
    public List<WebhookEvent> parse(InboundRequest request) {
        String event = request.header(EVENT);
        if (event == null || event.isBlank()) {
            throw new EventFormatException("The " + EVENT + " header is required", null);
        }
        String json;
        if (request.isForm()) {
            Object payload = Payloads.form(request).get("payload");
            if (!(payload instanceof String text) || text.isEmpty()) {
                throw new EventFormatException("A form-encoded GitHub delivery carries its JSON in the 'payload' field", "payload");
            }
            json = text;
        } else {
            json = request.bodyText();
        }
        JsonNode root = StrictJson.parse(Payloads.utf8(json));
        if (!root.isObject()) {
            throw new EventFormatException("A GitHub payload is a JSON object", null);
        }
        String action = Payloads.text(root, "action");
        String type = action == null || action.isEmpty() ? event.trim() : event.trim() + "." + action;
        String delivery = request.header(DELIVERY);
        String id = delivery != null && !delivery.isBlank() ? delivery.trim() : Payloads.contentId(name(), request.body());
        Map<String, Object> data = Payloads.map(root);
        return List.of(new WebhookEvent(id, type, name(), Instant.now(), data, request.bodyText()));
    }
}
