package dev.hookline.store;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Portal links: a token that signs a browser into the console as one account, once, until it expires. The token is
 * 32 random bytes, handed out once and stored as its SHA-256 only (see {@link ApiKeyHash} for why that hash); a link
 * is redeemed by one conditional update, so two browsers racing for the same link cannot both get in, on one node or
 * several.
 */
public class PortalLinkStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;

    public PortalLinkStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** A new link's token for {@code accountId}, valid until {@code expiresAt} (epoch ms); links long past are removed. */
    public String issue(String accountId, long now, long expiresAt) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        jdbc.update("DELETE FROM portal_link WHERE expires_at < ?", now - 24 * 3600_000L);
        jdbc.update("INSERT INTO portal_link (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                ApiKeyHash.of(token), accountId, now, expiresAt);
        return token;
    }

    /** The account a link opens, when it is known, unexpired and not yet used; using it now. */
    public Optional<String> redeem(String token, long now) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Optional.empty();
        }
        String hash = ApiKeyHash.of(token);
        int used = jdbc.update("UPDATE portal_link SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
                now, hash, now);
        if (used != 1) {
            return Optional.empty();
        }
        List<String> account = jdbc.queryForList("SELECT account_id FROM portal_link WHERE token_hash = ?", String.class, hash);
        return account.stream().findFirst();
    }
}
