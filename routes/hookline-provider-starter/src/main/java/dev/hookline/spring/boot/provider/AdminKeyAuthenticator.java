package dev.hookline.spring.boot.provider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import dev.hookline.routes.api.ApiKeyAuthenticator;
import dev.hookline.routes.api.ApiPrincipal;

/** The admin key ({@code hookline.api-key}, or the generated one): compared in constant time, whatever is sent. */
final class AdminKeyAuthenticator implements ApiKeyAuthenticator {

    private final byte[] key;

    AdminKeyAuthenticator(String key) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Optional<ApiPrincipal> authenticate(String given) {
        byte[] bytes = given == null ? new byte[0] : given.trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(bytes, key) ? Optional.of(ApiPrincipal.admin()) : Optional.empty();
    }
}
