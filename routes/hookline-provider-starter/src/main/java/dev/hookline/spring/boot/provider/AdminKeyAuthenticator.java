package dev.hookline.spring.boot.provider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Function;

import dev.hookline.routes.api.ApiKeyAuthenticator;
import dev.hookline.routes.api.ApiPrincipal;

/**
 * The API's keys: the admin key ({@code hookline.api-key}, or the generated one), compared in constant time whatever
 * is sent, then the accounts' keys, looked up by their hash (a lookup that fails because the database is away throws).
 */
final class AdminKeyAuthenticator implements ApiKeyAuthenticator {

    private final byte[] key;
    private final Function<String, Optional<String>> accountOfKey;

    AdminKeyAuthenticator(String key) {
        this(key, given -> Optional.empty());
    }

    /** @param accountOfKey the account an account key opens, or empty */
    AdminKeyAuthenticator(String key, Function<String, Optional<String>> accountOfKey) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
        this.accountOfKey = accountOfKey;
    }

    @Override
    public Optional<ApiPrincipal> authenticate(String given) {
        String trimmed = given == null ? "" : given.trim();
        if (MessageDigest.isEqual(trimmed.getBytes(StandardCharsets.UTF_8), key)) {
            return Optional.of(ApiPrincipal.admin());
        }
        return trimmed.isEmpty() ? Optional.empty() : accountOfKey.apply(trimmed).map(ApiPrincipal::account);
    }
}
