package dev.hookline.core.inbound;

/**
 * The answer to a verified request that carries no event but asks something of the receiver: Slack's
 * {@code url_verification} challenge, GitHub's {@code ping}. Nothing is emitted for it.
 *
 * @param contentType the answer's media type
 * @param body        the answer's body
 */
public record InboundReply(String contentType, String body) {
}
