package dev.hookline.routes.console;

import java.util.Base64;

import dev.hookline.routes.api.ApiPrincipal;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SessionSealTest {

    private final SessionSeal seal = new SessionSeal(key((byte) 1));

    @Test
    void opensWhatItSealedUntilItEnds() {
        ConsoleSession session = SessionSeal.newSession(ApiPrincipal.admin(), 10_000);
        String cookie = seal.seal(session);

        assertThat(seal.open(cookie, 9_999)).contains(session);
        assertThat(seal.open(cookie, 10_000)).as("ended").isEmpty();
        assertThat(cookie).doesNotContain(session.csrfToken());
    }

    @Test
    void keepsAnAccountPrincipal() {
        ConsoleSession session = SessionSeal.newSession(ApiPrincipal.account("acme"), 10_000);

        assertThat(seal.open(seal.seal(session), 0)).get()
                .satisfies(s -> assertThat(s.principal()).isEqualTo(ApiPrincipal.account("acme")));
    }

    @Test
    void aChangedCookieOrAnotherKeysOpensToNothing() {
        String cookie = seal.seal(SessionSeal.newSession(ApiPrincipal.admin(), 10_000));
        byte[] bytes = Base64.getUrlDecoder().decode(cookie);
        bytes[bytes.length / 2] ^= 1;

        assertThat(seal.open(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), 0)).isEmpty();
        assertThat(new SessionSeal(key((byte) 2)).open(cookie, 0)).isEmpty();
        assertThat(seal.open("not base64 !", 0)).isEmpty();
        assertThat(seal.open("", 0)).isEmpty();
        assertThat(seal.open(null, 0)).isEmpty();
        assertThat(seal.open("A".repeat(5000), 0)).isEmpty();
    }

    @Test
    void everySessionHasItsOwnToken() {
        assertThat(SessionSeal.newSession(ApiPrincipal.admin(), 1).csrfToken())
                .isNotEqualTo(SessionSeal.newSession(ApiPrincipal.admin(), 1).csrfToken())
                .hasSizeGreaterThanOrEqualTo(43);
    }

    static byte[] key(byte fill) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, fill);
        return key;
    }
}
