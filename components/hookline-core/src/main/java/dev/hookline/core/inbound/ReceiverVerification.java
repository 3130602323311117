package dev.hookline.core.inbound;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything a receiving endpoint checks before it reads a callback: the shared token, then the signature, by the
 * generic {@link HmacScheme} when one is configured and otherwise by the verifier the dialect declares for the
 * endpoint's settings. With {@code auto}, the dialect whose signature headers the request carries is the one that
 * verifies it. The receiving consumer only calls {@link #verify}; the schemes live with their dialects.
 */
public final class ReceiverVerification {

    private static final String TOKEN_HEADER = "X-MessageSystems-Webhook-Token";

    private final InboundDialect fixed;
    private final VerificationSettings settings;
    private final RequestVerifier generic;
    private final Map<String, Optional<RequestVerifier>> byDialect = new ConcurrentHashMap<>();

    /**
     * @param dialect  the endpoint's dialect, or {@code null} for {@code auto}
     * @throws IllegalArgumentException when the settings do not fit the dialect (a malformed key, say), or when nothing
     *                                  authenticates callbacks and {@code allowUnauthenticated} is false
     */
    public ReceiverVerification(InboundDialect dialect, VerificationSettings settings, boolean allowUnauthenticated) {
        this.fixed = dialect;
        this.settings = settings;
        if (!settings.any() && !allowUnauthenticated) {
            throw new IllegalArgumentException("The receiver has no verification configured: set a token, a secret or a "
                    + "publicKey for its provider, or allowUnauthenticated=true to accept callbacks from anyone");
        }
        this.generic = settings.hmac() == null ? null
                : new GenericHmacVerifier(settings.hmac(), settings.secret(), settings.toleranceSeconds());
        if (dialect != null && generic == null) {
            // fails at start, not at the first callback, when the settings do not fit the dialect
            byDialect.put(dialect.name(), dialect.verifier(settings));
        }
    }

    public VerificationSettings settings() {
        return settings;
    }

    /**
     * Checks a callback.
     *
     * @throws VerificationFailure when it is not authentic
     */
    public void verify(InboundRequest request, long nowSeconds) {
        if (settings.token() != null) {
            String given = request.header(TOKEN_HEADER);
            if (given == null || !MessageDigest.isEqual(settings.token().getBytes(StandardCharsets.UTF_8),
                    given.getBytes(StandardCharsets.UTF_8))) {
                throw new VerificationFailure("Missing or wrong " + TOKEN_HEADER);
            }
        }
        RequestVerifier signature = generic;
        if (signature == null) {
            InboundDialect d = fixed != null ? fixed : InboundDialects.signedBy(request);
            signature = d == null ? defaultVerifier() : verifierOf(d).orElse(null);
            if (signature == null && (settings.secret() != null || settings.publicKey() != null)) {
                throw new VerificationFailure("Signature check failed: the endpoint's secret cannot verify "
                        + (d == null ? "these" : d.name()) + " callbacks");
            }
        }
        if (signature != null) {
            try {
                signature.verify(request, nowSeconds);
            } catch (VerificationFailure f) {
                throw new VerificationFailure("Signature check failed: " + f.getMessage());
            }
        }
    }

    /** A dialect's verifier; with auto, settings that do not fit it refuse its callbacks rather than the start. */
    private Optional<RequestVerifier> verifierOf(InboundDialect d) {
        return byDialect.computeIfAbsent(d.name(), n -> {
            try {
                return d.verifier(settings);
            } catch (IllegalArgumentException misfit) {
                String why = misfit.getMessage();
                return Optional.of((request, now) -> {
                    throw new VerificationFailure(why);
                });
            }
        });
    }

    /** With auto and no provider's signature headers, a secret or key means Standard Webhooks signatures. */
    private RequestVerifier defaultVerifier() {
        return byDialect.computeIfAbsent("", n -> Optional.ofNullable(
                StandardWebhooksVerifier.forSettings("webhook-", settings))).orElse(null);
    }
}
