package dev.hookline.connector.slack;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.EpochSeconds;
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
 * Slack's callbacks, signed with {@code X-Slack-Signature} (see {@link SlackSignature}):
 * <ul>
 * <li>Events API: JSON {@code {"type": "event_callback", "event_id", "event_time", "event": {"type", ...}}}: id
 * {@code event_id} (the same on Slack's retries), type the inner {@code event.type} ({@code app_mention}),
 * occurred_at {@code event_time}; other envelope types ({@code app_rate_limited}) keep their own type.</li>
 * <li>The {@code url_verification} request sent when the Request URL is set is answered with its {@code challenge}
 * as {@code {"challenge": ...}} (after its signature is checked), and emits nothing.</li>
 * <li>Interactivity: form-encoded with the JSON in {@code payload}: type the payload's {@code type}
 * ({@code block_actions}, {@code view_submission}), data the payload.</li>
 * <li>Slash commands: form fields without {@code payload}: type {@code slash_command}, data the fields.</li>
 * </ul>
 * Interactions and commands carry no event id or time: the id is derived from the body, the time is that of
 * receipt. Data is always the whole envelope or payload.
 */
public final class SlackDialect implements InboundDialect {

    @Override
    public String name() {
        return "slack";
    }

    @Override
    public boolean signedBy(InboundRequest request) {
        return request.header(SlackSignature.HEADER) != null || request.header(SlackSignature.TIMESTAMP) != null;
    }

    @Override
    public boolean recognizes(InboundRequest request, JsonNode json) {
        return signedBy(request) || json != null && json.isObject() && json.has("api_app_id") && json.has("event_id");
    }

    @Override
    public Optional<RequestVerifier> verifier(VerificationSettings settings) {
        return settings.secretOnly("Slack signs with the app's signing secret", secret -> new SlackSignature(secret, settings.toleranceSeconds()));
    }

    @Override
    public Optional<InboundReply> reply(InboundRequest request) {
        if (!request.isJson()) {
            return Optional.empty();
        }
        JsonNode root = Payloads.json(request);
        if (root.isObject() && "url_verification".equals(Payloads.text(root, "type"))) {
            String challenge = Payloads.text(root, "challenge");
            if (challenge == null) {
                throw new EventFormatException("A url_verification request carries a 'challenge'", "challenge");
            }
            try {
                return Optional.of(new InboundReply("application/json",
                        StrictJson.mapper().writeValueAsString(Map.of("challenge", challenge))));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return Optional.empty();
    }

    @Override
    public List<WebhookEvent> parse(InboundRequest request) {
        if (request.isForm()) {
            return List.of(form(request));
        }
        JsonNode root = Payloads.json(request);
        if (!root.isObject()) {
            throw new EventFormatException("A Slack Events API request is a JSON object", null);
        }
        String envelope = Payloads.text(root, "type");
        if (envelope == null || envelope.isEmpty()) {
            throw new EventFormatException("Field 'type' is required", "type");
        }
        String type = envelope;
        if (envelope.equals("event_callback")) {
            JsonNode event = root.get("event");
            if (event == null || !event.isObject() || Payloads.text(event, "type") == null) {
                throw new EventFormatException("An event_callback carries an 'event' object with a 'type'", "event");
            }
            type = Payloads.text(event, "type");
        }
        String id = Payloads.text(root, "event_id");
        Instant occurredAt = Instant.now();
        JsonNode time = root.get("event_time");
        if (time != null && !time.isNull()) {
            if (!time.isIntegralNumber() || !time.canConvertToLong() || !EpochSeconds.isPlausible(time.asLong())) {
                throw new EventFormatException("Field 'event_time' must be epoch seconds", "event_time");
            }
            occurredAt = Instant.ofEpochSecond(time.asLong());
        }
        return List.of(new WebhookEvent(id != null && !id.isEmpty() ? id : Payloads.contentId(name(), request.body()), type,
                name(), occurredAt, Payloads.map(root), request.bodyText()));
    }

    private WebhookEvent form(InboundRequest request) {
        Map<String, Object> fields = Payloads.form(request);
        Object payload = fields.get("payload");
        String id = Payloads.contentId(name(), request.body());
        if (payload == null) {
            if (fields.get("command") == null) {
                throw new EventFormatException("A form-encoded Slack request is an interaction (with 'payload') or a "
                        + "slash command (with 'command')", null);
            }
            return new WebhookEvent(id, "slash_command", name(), Instant.now(), fields, request.bodyText());
        }
        JsonNode root = StrictJson.parse(Payloads.utf8((String) payload));
        if (!root.isObject()) {
            throw new EventFormatException("The 'payload' of a Slack interaction is a JSON object", "payload");
        }
        String type = Payloads.text(root, "type");
        if (type == null || type.isEmpty()) {
            throw new EventFormatException("The interaction payload's 'type' is required", "payload.type");
        }
        return new WebhookEvent(id, type, name(), Instant.now(), Payloads.map(root), request.bodyText());
    }
}
