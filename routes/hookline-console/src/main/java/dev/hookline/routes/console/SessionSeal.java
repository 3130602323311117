package dev.hookline.routes.console;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.AEADBadTagException;

import dev.hookline.core.AesGcm;
import dev.hookline.routes.api.ApiPrincipal;

/**
 * Seals a {@link ConsoleSession} into a cookie value and opens it again: AES-256-GCM under a key derived from the
 * server's secrets key, so every node that shares that key accepts the others' sessions, and a cookie changed in any
 * bit, or made without the key, opens to nothing. Nothing is kept on the server.
 */
public final class SessionSeal {

    private static final String VERSION = "c1";
    private static final int MAX_COOKIE_CHARS = 1024;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final AesGcm aes;

    public SessionSeal(byte[] key) {
        this.aes = new AesGcm(key, "session key");
    }

    /** A new session for {@code principal}, with a new random CSRF token. */
    public static ConsoleSession newSession(ApiPrincipal principal, long expiresAtMillis) {
        byte[] token = new byte[32];
        RANDOM.nextBytes(token);
        return new ConsoleSession(principal, B64.encodeToString(token), expiresAtMillis);
    }

    public String seal(ConsoleSession session) {
        String account = session.principal().isAdmin() ? "" : session.principal().accountId();
        String plain = VERSION + "\n" + session.expiresAtMillis() + "\n" + session.csrfToken() + "\n" + account;
        return B64.encodeToString(aes.seal(plain.getBytes(StandardCharsets.UTF_8)));
    }

    /** The session a cookie value holds, when it was sealed with this key, is unchanged and has not ended at {@code now}. */
    public Optional<ConsoleSession> open(String cookie, long nowMillis) {
        if (cookie == null || cookie.isEmpty() || cookie.length() > MAX_COOKIE_CHARS) {
            return Optional.empty();
        }
        try {
            byte[] all = Base64.getUrlDecoder().decode(cookie);
            String[] parts = new String(aes.open(all), StandardCharsets.UTF_8).split("\n", -1);
            if (parts.length != 4 || !VERSION.equals(parts[0])) {
                return Optional.empty();
            }
            long expires = Long.parseLong(parts[1]);
            if (expires <= nowMillis) {
                return Optional.empty();
            }
            ApiPrincipal principal = parts[3].isEmpty() ? ApiPrincipal.admin() : ApiPrincipal.account(parts[3]);
            return Optional.of(new ConsoleSession(principal, parts[2], expires));
        } catch (IllegalArgumentException | AEADBadTagException e) {
            return Optional.empty(); // not base64, not ours, or changed
        }
    }
}
