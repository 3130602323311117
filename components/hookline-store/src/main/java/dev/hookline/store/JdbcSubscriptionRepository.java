package dev.hookline.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Subscriptions in the tables {@code subscription} and {@code subscription_event_type}, with plain JDBC. The secret
 * columns (auth token, signing secrets and key, target authentication and TLS) are written encrypted by the
 * {@link SecretCipher} and read back decrypted; a subscription loaded is a copy, changed in the database only by
 * {@link #save}.
 */
public class JdbcSubscriptionRepository implements SubscriptionRepository {

    private static final String COLUMNS = "id, account_id, name, target, auth_token, active, paused, batch_max_events,"
            + " batch_max_wait_ms, batch_max_bytes, created_at, deactivated_reason, filters, active_from, api, format,"
            + " signing_secret, previous_signing_secret, target_auth, target_tls, transform_jsonata, signing_key,"
            + " signing_public_key, previous_secret_until, retry_initial_delay_ms, retry_max_delay_ms, retry_multiplier,"
            + " retry_schedule, rate_per_second, rate_burst, max_in_flight, auto_disable_after_ms, failing_since";
    private static final int COLUMN_COUNT = COLUMNS.split(",").length;
    private static final String INSERT = "INSERT INTO subscription (" + COLUMNS + ") VALUES ("
            + "?, ".repeat(COLUMN_COUNT - 1) + "?)";
    private static final String UPDATE = "UPDATE subscription SET "
            + String.join(" = ?, ", COLUMNS.substring("id, ".length()).split(", ")) + " = ? WHERE id = ?";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final SecretCipher cipher;
    private final RowMapper<Subscription> row = this::subscription;

    public JdbcSubscriptionRepository(DataSource dataSource, SecretCipher cipher) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new StoreTransactionManager(dataSource));
        this.cipher = cipher;
    }

    @Override
    public Subscription save(Subscription s) {
        Object[] fields = fields(s);
        tx.executeWithoutResult(status -> {
            Object[] updateArguments = new Object[COLUMN_COUNT];
            System.arraycopy(fields, 1, updateArguments, 0, COLUMN_COUNT - 1);
            updateArguments[COLUMN_COUNT - 1] = s.getId();
            if (jdbc.update(UPDATE, updateArguments) == 0) {
                jdbc.update(INSERT, fields);
            } else {
                jdbc.update("DELETE FROM subscription_event_type WHERE subscription_id = ?", s.getId());
            }
            List<Object[]> types = s.getEventTypes().stream().map(t -> new Object[] { s.getId(), t }).toList();
            jdbc.batchUpdate("INSERT INTO subscription_event_type (subscription_id, event_type) VALUES (?, ?)", types);
        });
        return s;
    }

    @Override
    public Optional<Subscription> findById(String id) {
        return withEventTypes(jdbc.query("SELECT " + COLUMNS + " FROM subscription WHERE id = ?", row, id),
                "s.id = ?", id).stream().findFirst();
    }

    @Override
    public List<Subscription> findByActiveTrue() {
        return withEventTypes(jdbc.query("SELECT " + COLUMNS + " FROM subscription WHERE active = TRUE", row),
                "s.active = TRUE");
    }

    @Override
    public List<Subscription> findByTarget(String target) {
        return withEventTypes(jdbc.query("SELECT " + COLUMNS + " FROM subscription WHERE target = ?", row, target),
                "s.target = ?", target);
    }

    @Override
    public List<Subscription> findByAccountIdOrderByCreatedAtAsc(String accountId) {
        return withEventTypes(jdbc.query("SELECT " + COLUMNS + " FROM subscription WHERE account_id = ?"
                + " ORDER BY created_at, id", row, accountId),
                "s.account_id = ?", accountId);
    }

    @Override
    public List<Subscription> findByAccountIdIsNullOrderByCreatedAtAsc() {
        return withEventTypes(jdbc.query("SELECT " + COLUMNS + " FROM subscription WHERE account_id IS NULL"
                + " ORDER BY created_at, id", row),
                "s.account_id IS NULL");
    }

    @Override
    public long countByAccountId(String accountId) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM subscription WHERE account_id = ?", Long.class, accountId);
        return count == null ? 0 : count;
    }

    @Override
    public void delete(Subscription s) {
        tx.executeWithoutResult(status -> {
            jdbc.update("DELETE FROM subscription_event_type WHERE subscription_id = ?", s.getId());
            jdbc.update("DELETE FROM subscription WHERE id = ?", s.getId());
        });
    }

    @Override
    public int markFailing(String id, long since) {
        return jdbc.update("UPDATE subscription SET failing_since = ? WHERE id = ? AND failing_since IS NULL", since, id);
    }

    @Override
    public int markHealthy(String id) {
        return jdbc.update("UPDATE subscription SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL", id);
    }

    @Override
    public int deactivate(String id, String reason) {
        return jdbc.update("UPDATE subscription SET active = FALSE, deactivated_reason = ? WHERE id = ? AND active = TRUE",
                reason, id);
    }

    /**
     * Fills in the event types of the subscriptions found, read with one more query: a join with the subscriptions
     * that {@code condition} (on {@code s}) selects. Not {@code subscription_id IN (SELECT ...)}: H2 runs such a
     * subquery again for every row once its table has been written meanwhile, which made reading 8,000 subscriptions
     * take 30 s while others were being created.
     */
    private List<Subscription> withEventTypes(List<Subscription> found, String condition, Object... arguments) {
        if (found.isEmpty()) {
            return found;
        }
        Map<String, Set<String>> types = new HashMap<>();
        jdbc.query("SELECT e.subscription_id, e.event_type FROM subscription_event_type e"
                + " JOIN subscription s ON s.id = e.subscription_id WHERE " + condition
                + " ORDER BY e.subscription_id, e.event_type", rs -> {
                    types.computeIfAbsent(rs.getString(1), id -> new LinkedHashSet<>()).add(rs.getString(2));
                }, arguments);
        for (Subscription s : found) {
            s.setEventTypes(types.getOrDefault(s.getId(), new LinkedHashSet<>()));
        }
        return found;
    }

    /** The column values of {@link #COLUMNS}, in that order, secrets encrypted. */
    private Object[] fields(Subscription s) {
        List<Object> v = new ArrayList<>(COLUMN_COUNT);
        v.add(s.getId());
        v.add(s.getAccountId());
        v.add(s.getName());
        v.add(s.getTarget());
        v.add(cipher.encrypt(s.getAuthToken()));
        v.add(s.isActive());
        v.add(s.isPaused());
        v.add(s.getBatchMaxEvents());
        v.add(s.getBatchMaxWaitMs());
        v.add(s.getBatchMaxBytes());
        v.add(s.getCreatedAt());
        v.add(s.getDeactivatedReason());
        v.add(s.getFilters());
        v.add(s.getActiveFrom());
        v.add(s.getApi());
        v.add(s.getFormat());
        v.add(cipher.encrypt(s.getSigningSecret()));
        v.add(cipher.encrypt(s.getPreviousSigningSecret()));
        v.add(cipher.encrypt(s.getTargetAuth()));
        v.add(cipher.encrypt(s.getTargetTls()));
        v.add(s.getTransformJsonata());
        v.add(cipher.encrypt(s.getSigningKey()));
        v.add(s.getSigningPublicKey());
        v.add(s.getPreviousSecretUntil());
        v.add(s.getRetryInitialDelayMs());
        v.add(s.getRetryMaxDelayMs());
        v.add(s.getRetryMultiplier());
        v.add(s.getRetrySchedule());
        v.add(s.getRatePerSecond());
        v.add(s.getRateBurst());
        v.add(s.getMaxInFlight());
        v.add(s.getAutoDisableAfterMs());
        v.add(s.getFailingSince());
        return v.toArray();
    }

    private Subscription subscription(ResultSet rs, int rowNumber) throws SQLException {
        Subscription s = new Subscription();
        s.setId(rs.getString("id"));
        s.setAccountId(rs.getString("account_id"));
        s.setName(rs.getString("name"));
        s.setTarget(rs.getString("target"));
        s.setAuthToken(cipher.decrypt(rs.getString("auth_token")));
        s.setActive(rs.getBoolean("active"));
        s.setPaused(rs.getBoolean("paused"));
        s.setBatchMaxEvents(rs.getObject("batch_max_events", Integer.class));
        s.setBatchMaxWaitMs(rs.getObject("batch_max_wait_ms", Long.class));
        s.setBatchMaxBytes(rs.getObject("batch_max_bytes", Long.class));
        s.setCreatedAt(rs.getLong("created_at"));
        s.setDeactivatedReason(rs.getString("deactivated_reason"));
        s.setFilters(rs.getString("filters"));
        s.setActiveFrom(rs.getLong("active_from"));
        s.setApi(rs.getString("api"));
        s.setFormat(rs.getString("format"));
        s.setSigningSecret(cipher.decrypt(rs.getString("signing_secret")));
        s.setPreviousSigningSecret(cipher.decrypt(rs.getString("previous_signing_secret")));
        s.setTargetAuth(cipher.decrypt(rs.getString("target_auth")));
        s.setTargetTls(cipher.decrypt(rs.getString("target_tls")));
        s.setTransformJsonata(rs.getString("transform_jsonata"));
        s.setSigningKey(cipher.decrypt(rs.getString("signing_key")));
        s.setSigningPublicKey(rs.getString("signing_public_key"));
        s.setPreviousSecretUntil(rs.getObject("previous_secret_until", Long.class));
        s.setRetryInitialDelayMs(rs.getObject("retry_initial_delay_ms", Long.class));
        s.setRetryMaxDelayMs(rs.getObject("retry_max_delay_ms", Long.class));
        s.setRetryMultiplier(rs.getObject("retry_multiplier", Double.class));
        s.setRetrySchedule(rs.getString("retry_schedule"));
        s.setRatePerSecond(rs.getObject("rate_per_second", Integer.class));
        s.setRateBurst(rs.getObject("rate_burst", Integer.class));
        s.setMaxInFlight(rs.getObject("max_in_flight", Integer.class));
        s.setAutoDisableAfterMs(rs.getObject("auto_disable_after_ms", Long.class));
        s.setFailingSince(rs.getObject("failing_since", Long.class));
        return s;
    }
}
