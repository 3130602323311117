package dev.hookline.spring.boot.provider;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/** A user name and password on the broker. {@link #toString()} never shows the password. */
public record BrokerCredential(String user, String password) {

    public BrokerCredential {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** A credential for {@code user} with a random password of 256 bits. */
    public static BrokerCredential generate(String user) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return new BrokerCredential(user, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
    }

    @Override
    public String toString() {
        return "BrokerCredential[user=" + user + ", password=****]";
    }
}
