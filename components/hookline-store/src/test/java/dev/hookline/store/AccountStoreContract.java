package dev.hookline.store;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.hookline.core.EventIdConflictException;
import dev.hookline.core.EventJson;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Accounts, their keys, and the migration that brought them, run on every database Hookline supports. */
abstract class AccountStoreContract {

    protected abstract DataSource dataSource();

    private AccountStore accounts;
    private JdbcTemplate jdbc;

    @BeforeEach
    void migrate() {
        Flyway.configure().dataSource(dataSource()).locations("classpath:hookline/db").cleanDisabled(false).load().clean();
        Flyway.configure().dataSource(dataSource()).locations("classpath:hookline/db").load().migrate();
        accounts = new AccountStore(dataSource(), Clock.systemUTC());
        jdbc = new JdbcTemplate(dataSource());
    }

    @Test
    void aKeyOpensItsAccountAndTheDatabaseHoldsItsHashOnly() {
        AccountStore.IssuedKey a = accounts.create("acc-a", "Alpha", null, null);
        AccountStore.IssuedKey b = accounts.create("acc-b", "Beta", 5, 20);

        assertThat(a.key()).startsWith(ApiKeyHash.PREFIX).hasSizeGreaterThan(40).isNotEqualTo(b.key());
        assertThat(accounts.authenticate(a.key())).get().extracting(Account::id).isEqualTo("acc-a");
        assertThat(accounts.authenticate(b.key())).get().satisfies(acc -> {
            assertThat(acc.name()).isEqualTo("Beta");
            assertThat(acc.maxSubscriptions()).isEqualTo(5);
            assertThat(acc.maxEventsPerSecond()).isEqualTo(20);
        });
        assertThat(accounts.authenticate(a.key() + "x")).isEmpty();
        assertThat(accounts.authenticate("")).isEmpty();
        assertThat(accounts.authenticate(null)).isEmpty();

        List<Map<String, Object>> stored = jdbc.queryForList("SELECT * FROM account_key");
        assertThat(stored).hasSize(2);
        String everything = stored.toString() + jdbc.queryForList("SELECT * FROM account");
        assertThat(everything).doesNotContain(a.key()).doesNotContain(b.key())
                .doesNotContain(a.key().substring(ApiKeyHash.PREFIX.length()))
                .contains(ApiKeyHash.of(a.key()));
    }

    @Test
    void aSecondKeyRotatesAndARevokedKeyOpensNothingAtOnce() {
        AccountStore.IssuedKey first = accounts.create("acc-a", "Alpha", null, null);
        AccountStore.IssuedKey second = accounts.addKey("acc-a").orElseThrow();
        assertThat(accounts.keysOf("acc-a")).extracting(AccountKey::id).containsExactlyInAnyOrder(first.keyId(), second.keyId());
        assertThat(accounts.authenticate(first.key())).isPresent();
        assertThat(accounts.authenticate(second.key())).isPresent();

        assertThat(accounts.revokeKey("acc-a", first.keyId())).isTrue();
        assertThat(accounts.authenticate(first.key())).isEmpty();
        assertThat(accounts.authenticate(second.key())).isPresent();
        assertThat(accounts.revokeKey("acc-a", first.keyId())).as("already revoked").isFalse();

        accounts.create("acc-b", "Beta", null, null);
        assertThat(accounts.revokeKey("acc-b", second.keyId())).as("another account's key").isFalse();
        assertThat(accounts.authenticate(second.key())).isPresent();
        assertThat(accounts.addKey("missing")).isEmpty();
    }

    @Test
    void deletingAnAccountDeletesItsKeys() {
        AccountStore.IssuedKey a = accounts.create("acc-a", "Alpha", null, null);
        accounts.create("acc-b", "Beta", null, null);
        assertThat(accounts.list()).extracting(Account::id).containsExactly("acc-a", "acc-b");
        assertThat(accounts.delete("acc-a")).isTrue();
        assertThat(accounts.find("acc-a")).isEmpty();
        assertThat(accounts.authenticate(a.key())).isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM account_key", Integer.class)).isEqualTo(1);
        assertThat(accounts.delete("acc-a")).isFalse();
    }

    @Test
    void limitsAreTheAccountsOwnOrTheServers() {
        accounts.create("acc-a", "Alpha", null, null);
        assertThat(accounts.update("acc-a", "Alpha 2", 3, null)).isTrue();
        assertThat(accounts.find("acc-a")).get().satisfies(a -> {
            assertThat(a.name()).isEqualTo("Alpha 2");
            assertThat(a.maxSubscriptions()).isEqualTo(3);
            assertThat(a.maxEventsPerSecond()).isNull();
        });
        assertThat(accounts.update("missing", "x", 3, null)).isFalse();
    }

    @Test
    void eventIdsOfOneAccountNeverConflictWithAnothers() {
        EventKeys keys = new EventKeys(dataSource(), Clock.systemUTC());
        EventJson json = new EventJson();
        keys.claim(json.read("{\"id\":\"e-1\",\"account\":\"acc-a\",\"type\":\"t\",\"data\":{\"a\":1}}"));
        keys.claim(json.read("{\"id\":\"e-1\",\"account\":\"acc-b\",\"type\":\"t\",\"data\":{\"a\":2}}"));
        keys.claim(json.read("{\"id\":\"e-1\",\"type\":\"t\",\"data\":{\"a\":3}}"));
        assertThatThrownBy(() -> keys.claim(json.read("{\"id\":\"e-1\",\"account\":\"acc-a\",\"type\":\"t\",\"data\":{\"a\":2}}")))
                .isInstanceOf(EventIdConflictException.class);
        assertThat(keys.find(List.of(new EventKeys.Key("e-1", "", "acc-a"), new EventKeys.Key("e-1", "", "acc-b"),
                new EventKeys.Key("e-1", "")))).hasSize(3);
    }

    @Test
    void subscriptionsAndEventIdsOfTheSchemaBeforeAccountsBecomeTheAdmins() {
        Flyway.configure().dataSource(dataSource()).locations("classpath:hookline/db").cleanDisabled(false).load().clean();
        Flyway.configure().dataSource(dataSource()).locations("classpath:hookline/db").target("18").load().migrate();
        jdbc.update("INSERT INTO subscription (id, name, target, active, created_at, active_from, api, paused)"
                + " VALUES ('s-old', 'old', 'https://example.com/hook', TRUE, 1, 1, 'v1', FALSE)");
        jdbc.update("INSERT INTO subscription_event_type (subscription_id, event_type) VALUES ('s-old', 'delivery')");
        jdbc.update("INSERT INTO event_key (id, source, content_digest, seen_at, fanned_out) VALUES ('e-old', '', 'd', 1, TRUE)");

        Flyway.configure().dataSource(dataSource()).locations("classpath:hookline/db").load().migrate();

        assertThat(jdbc.queryForList("SELECT id, account_id FROM subscription"))
                .singleElement().satisfies(row -> {
                    assertThat(row.get("id")).isEqualTo("s-old");
                    assertThat(row.get("account_id")).isNull();
                });
        EventKeys keys = new EventKeys(dataSource(), Clock.systemUTC());
        assertThat(keys.find(List.of(new EventKeys.Key("e-old", "")))).containsKey(new EventKeys.Key("e-old", ""));
    }
}
