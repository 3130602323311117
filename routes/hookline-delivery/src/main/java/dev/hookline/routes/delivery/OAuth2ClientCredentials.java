package dev.hookline.routes.delivery;

import java.util.Objects;

/**
 * What a subscription needs to get an OAuth2 access token with the client-credentials grant (RFC 6749 section 4.4)
 * before it POSTs to its target: the token endpoint, the client's id and secret, the scope to ask for (or
 * {@code null}), and how the client authenticates to the token endpoint: HTTP basic ({@code client_secret_basic}, the
 * default) or in the form's body ({@code client_secret_post}).
 */
public record OAuth2ClientCredentials(String tokenUrl, String clientId, String clientSecret, String scope,
        boolean secretInBody) {

    public OAuth2ClientCredentials {
        Objects.requireNonNull(tokenUrl, "tokenUrl");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
    }

    @Override
    public String toString() {
        return "OAuth2ClientCredentials[" + tokenUrl + ", client " + clientId + "]";
    }
}
