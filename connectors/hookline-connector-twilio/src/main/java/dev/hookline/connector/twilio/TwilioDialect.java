package dev.hookline.connector.twilio;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
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
 * Twilio's form-encoded callbacks (incoming messages and calls, status callbacks), signed with
 * {@code X-Twilio-Signature} over the URL and the parameters (see {@link TwilioSignature}).
 *
 * <p>Normalized: type {@code message.<status>} for messaging ({@code MessageSid}, status from {@code MessageStatus}
 * or {@code SmsStatus}: {@code message.received}, {@code message.delivered}) and {@code call.<status>} for voice
 * ({@code CallSid}, {@code CallStatus}); id the {@code I-Twilio-Idempotency-Token} header when sent (the same on
 * Twilio's retries), else the sid and the status ({@code SM...:delivered}); occurred_at the time of receipt (Twilio
 * sends none); data the form fields.
 */
public final class TwilioDialect implements InboundDialect {

    @Override
    public String name() {
        return "twilio";
    }

    @Override
    public boolean signedBy(InboundRequest request) {
        return request.header(TwilioSignature.HEADER) != null;
    }

    @Override
    public boolean recognizes(InboundRequest request, JsonNode json) {
        return signedBy(request);
    }

    @Override
    public Optional<RequestVerifier> verifier(VerificationSettings settings) {
        return settings.secretOnly("Twilio signs with the account's auth token", secret -> new TwilioSignature(secret, settings.publicUrl(), settings.trustForwardedHeaders()));
    }

    @Override
    public List<WebhookEvent> parse(InboundRequest request) {
        if (!request.isForm()) {
            throw new EventFormatException("Twilio callbacks are form-encoded (application/x-www-form-urlencoded)", null);
        }
        Map<String, Object> fields = Payloads.form(request);
        String sid;
        String type;
        if (fields.get("MessageSid") != null || fields.get("SmsSid") != null) {
            sid = text(fields, "MessageSid", "SmsSid");
            type = "message." + status(fields, "received", "MessageStatus", "SmsStatus");
        } else if (fields.get("CallSid") != null) {
            sid = text(fields, "CallSid", null);
            type = "call." + status(fields, "event", "CallStatus", null);
        } else {
            throw new EventFormatException("A Twilio callback carries a MessageSid or a CallSid", null);
        }
        String token = request.header("I-Twilio-Idempotency-Token");
        String id = token != null && !token.isBlank() ? token.trim() : sid + ":" + type.substring(type.indexOf('.') + 1);
        return List.of(new WebhookEvent(id, type, name(), Instant.now(), fields, request.bodyText()));
    }

    private static String text(Map<String, Object> fields, String name, String other) {
        Object v = fields.get(name);
        if ((v == null || v.toString().isBlank()) && other != null) {
            v = fields.get(other);
        }
        if (v == null || v.toString().isBlank()) {
            throw new EventFormatException("Field '" + name + "' must not be blank", name);
        }
        return v.toString().trim();
    }

    private static String status(Map<String, Object> fields, String otherwise, String name, String other) {
        Object v = fields.get(name);
        if (v == null && other != null) {
            v = fields.get(other);
        }
        String s = v == null || v.toString().isBlank() ? otherwise : v.toString().trim().toLowerCase(Locale.ROOT);
        return s;
    }
}
