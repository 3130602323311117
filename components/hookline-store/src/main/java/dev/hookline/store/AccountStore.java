package dev.hookline.store;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accounts and their API keys (tables {@code account}, {@code account_key}). A key is returned once, when it is made;
 * the database holds its hash only ({@link ApiKeyHash}), so that a copy of the database opens no account.
 */
public class AccountStore {

    /** An account just made, or a key just added: the key in clear, this once. */
    public record IssuedKey(String keyId, String key) {
    }

    private static final RowMapper<Account> ACCOUNT = (rs, n) -> new Account(rs.getString("id"), rs.getString("name"),
            rs.getLong("created_at"), (Integer) rs.getObject("max_subscriptions", Integer.class),
            (Integer) rs.getObject("max_events_per_second", Integer.class));
    private static final RowMapper<AccountKey> KEY = (rs, n) -> new AccountKey(rs.getString("id"),
            rs.getString("account_id"), rs.getLong("created_at"));

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    public AccountStore(DataSource dataSource, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new StoreTransactionManager(dataSource));
        this.clock = clock;
    }

    /** Makes an account with its first key. */
    public IssuedKey create(String id, String name, Integer maxSubscriptions, Integer maxEventsPerSecond) {
        return tx.execute(status -> {
            jdbc.update("INSERT INTO account (id, name, created_at, max_subscriptions, max_events_per_second)"
                    + " VALUES (?, ?, ?, ?, ?)", id, name, clock.millis(), maxSubscriptions, maxEventsPerSecond);
            return insertKey(id);
        });
    }

    public List<Account> list() {
        return jdbc.query("SELECT * FROM account ORDER BY created_at, id", ACCOUNT);
    }

    public Optional<Account> find(String id) {
        return jdbc.query("SELECT * FROM account WHERE id = ?", ACCOUNT, id).stream().findFirst();
    }

    /** Changes an account's name and its own limits ({@code null}: the server's). */
    public boolean update(String id, String name, Integer maxSubscriptions, Integer maxEventsPerSecond) {
        return jdbc.update("UPDATE account SET name = ?, max_subscriptions = ?, max_events_per_second = ? WHERE id = ?",
                name, maxSubscriptions, maxEventsPerSecond, id) == 1;
    }

    /** Deletes an account and its keys (its subscriptions are the caller's to delete first). */
    public boolean delete(String id) {
        return tx.execute(status -> {
            jdbc.update("DELETE FROM account_key WHERE account_id = ?", id);
            return jdbc.update("DELETE FROM account WHERE id = ?", id) == 1;
        });
    }

    /** Adds a key to an existing account (rotation: add one, then revoke the old), or empty when there is no such account. */
    public Optional<IssuedKey> addKey(String accountId) {
        return tx.execute(status -> find(accountId).map(a -> insertKey(accountId)));
    }

    /** Revokes one key of an account; it authenticates nothing from this moment. */
    /** Revokes a key at once; the account's console sessions opened before now end with it. */
    public boolean revokeKey(String accountId, String keyId) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            if (jdbc.update("DELETE FROM account_key WHERE id = ? AND account_id = ?", keyId, accountId) != 1) {
                return false;
            }
            jdbc.update("UPDATE account SET sessions_valid_after = ? WHERE id = ?", clock.millis(), accountId);
            return true;
        }));
    }

    /**
     * Whether a console session of {@code accountId} opened at {@code openedAt} (epoch ms) still holds: the account
     * exists, and none of its keys was revoked since.
     */
    public boolean sessionHolds(String accountId, long openedAt) {
        List<Long> after = jdbc.query("SELECT sessions_valid_after FROM account WHERE id = ?", (rs, n) -> {
            long v = rs.getLong(1);
            return rs.wasNull() ? Long.MIN_VALUE : v;
        }, accountId);
        return !after.isEmpty() && openedAt > after.get(0);
    }

    public List<AccountKey> keysOf(String accountId) {
        return jdbc.query("SELECT id, account_id, created_at FROM account_key WHERE account_id = ? ORDER BY created_at, id",
                KEY, accountId);
    }

    /** The account a key opens, or empty: the key is hashed and looked up by its hash. */
    public Optional<Account> authenticate(String key) {
        if (key == null || !key.startsWith(ApiKeyHash.PREFIX)) {
            return Optional.empty();
        }
        return jdbc.query("SELECT a.* FROM account a JOIN account_key k ON k.account_id = a.id WHERE k.key_hash = ?",
                ACCOUNT, ApiKeyHash.of(key)).stream().findFirst();
    }

    private IssuedKey insertKey(String accountId) {
        String key = ApiKeyHash.newKey();
        String keyId = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO account_key (id, account_id, key_hash, created_at) VALUES (?, ?, ?, ?)", keyId, accountId,
                ApiKeyHash.of(key), clock.millis());
        return new IssuedKey(keyId, key);
    }
}
