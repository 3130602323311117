package dev.hookline.core.inbound;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.EventFormatException;
import dev.hookline.core.WebhookEvent;

/**
 * One provider's callback format: how its requests are signed, how they are recognised, and how they turn into
 * normalized events. Implementations live in the connector modules and are found with {@link java.util.ServiceLoader}.
 *
 * <p>A receiving endpoint calls, in this order: the dialect's {@link #verifier} (built once from the endpoint's
 * settings), then {@link #reply} (a challenge or ping answered without events), then {@link #parse}.
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
     * Whether the request carries this dialect's signature headers, such as {@code Stripe-Signature}: how
     * {@code auto} picks the dialect that verifies a request before its body is read. Dialects whose provider does
     * not sign in a way of its own answer false.
     */
    default boolean signedBy(InboundRequest request) {
        return false;
    }

    /**
     * How this dialect's callbacks are verified with an endpoint's settings. By default: Standard Webhooks signatures
     * ({@code webhook-signature}) when a {@code whsec_} secret or {@code whpk_} key is configured, as Hookline itself
     * signs what it sends in any format.
     *
     * @return the verifier, or empty when the settings configure no signature check (a token alone, or nothing)
     * @throws IllegalArgumentException when the settings cannot verify this dialect's callbacks (a malformed key)
     */
    default Optional<RequestVerifier> verifier(VerificationSettings settings) {
        return Optional.ofNullable(StandardWebhooksVerifier.forSettings("webhook-", settings));
    }

    /**
     * An answer to a verified request that carries no events and asks something of the receiver (a URL
     * verification challenge, a ping); empty for an ordinary callback.
     */
    default Optional<InboundReply> reply(InboundRequest request) {
        return Optional.empty();
    }

    /**
     * The normalized events of a request.
     *
     * @throws EventFormatException naming what is wrong, when the request is not a valid callback of this dialect
     */
    List<WebhookEvent> parse(InboundRequest request);
}
