package dev.hookline.store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.hookline.core.EventIdConflictException;
import dev.hookline.core.EventIdRegistry;
import dev.hookline.core.EventJson;
import dev.hookline.core.WebhookEvent;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ids of the events received within the duplicate window, per source and account, with a digest of their content (table
 * {@code event_key}): what tells a duplicate (same id, same content: acknowledged, delivered once) from a conflict
 * (same id, other content: refused). The doors {@link #claim} ids before they acknowledge events; fan-out
 * {@link #find finds} them and {@link #record records} what it fans out in its chunk's transaction. An id is
 * remembered for the window from when it was first received ({@link #purge}), whatever becomes of the event.
 */
public class EventKeys implements EventIdRegistry {

    private static final int IN_LIST_CHUNK = 500;

    /**
     * An event's identity: its id within its source and its account ({@code ""} for events without one), so that
     * one account's ids never meet another's.
     */
    public record Key(String id, String source, String account) {
        public Key(String id, String source) {
            this(id, source, "");
        }

        public static Key of(WebhookEvent event) {
            return of(event.id(), event.source(), event.account());
        }

        public static Key of(String id, String source, String account) {
            return new Key(id, source == null ? "" : source, account == null ? "" : account);
        }
    }

    /** What is known of an id: the digest of its content, and whether fan-out has taken it. */
    public record Seen(String digest, boolean fannedOut) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    public EventKeys(DataSource dataSource, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new StoreTransactionManager(dataSource));
        this.clock = clock;
    }

    /** Which of these ids are known, with what content. */
    public Map<Key, Seen> find(Collection<Key> keys) {
        Map<String, List<Key>> byId = new HashMap<>();
        for (Key k : keys) {
            byId.computeIfAbsent(k.id(), x -> new ArrayList<>(1)).add(k);
        }
        Map<Key, Seen> found = new HashMap<>();
        List<String> ids = new ArrayList<>(byId.keySet());
        for (int from = 0; from < ids.size(); from += IN_LIST_CHUNK) {
            List<String> part = ids.subList(from, Math.min(ids.size(), from + IN_LIST_CHUNK));
            String marks = String.join(",", Collections.nCopies(part.size(), "?"));
            jdbc.query("SELECT id, source, account, content_digest, fanned_out FROM event_key WHERE id IN (" + marks + ")", rs -> {
                Key k = new Key(rs.getString(1), rs.getString(2), rs.getString(3));
                if (byId.getOrDefault(k.id(), List.of()).contains(k)) {
                    found.put(k, new Seen(rs.getString(4), rs.getBoolean(5)));
                }
            }, part.toArray());
        }
        return found;
    }

    /**
     * Writes what fan-out decided for a chunk, in the caller's transaction: new ids (fanned out), and ids a door had
     * claimed that are now fanned out.
     */
    public void record(Map<Key, String> newKeys, Collection<Key> claimedNowFannedOut, long now) {
        if (!newKeys.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO event_key (id, source, account, content_digest, seen_at, fanned_out) VALUES (?, ?, ?, ?, ?, TRUE)",
                    new ArrayList<>(newKeys.entrySet()), 1000, (ps, e) -> {
                        ps.setString(1, e.getKey().id());
                        ps.setString(2, e.getKey().source());
                        ps.setString(3, e.getKey().account());
                        ps.setString(4, e.getValue());
                        ps.setLong(5, now);
                    });
        }
        if (!claimedNowFannedOut.isEmpty()) {
            jdbc.batchUpdate("UPDATE event_key SET fanned_out = TRUE WHERE id = ? AND source = ? AND account = ?",
                    new ArrayList<>(claimedNowFannedOut), 1000, (ps, k) -> {
                        ps.setString(1, k.id());
                        ps.setString(2, k.source());
                        ps.setString(3, k.account());
                    });
        }
    }

    @Override
    public void claim(List<WebhookEvent> events) {
        try {
            claimOnce(events);
        } catch (DuplicateKeyException raced) {
            claimOnce(events); // another door claimed one of the ids at the same moment: compare with what it claimed
        }
    }

    private void claimOnce(List<WebhookEvent> events) {
        tx.executeWithoutResult(status -> {
            Map<Key, String> wanted = new LinkedHashMap<>();
            Map<Key, WebhookEvent> eventOf = new HashMap<>();
            for (WebhookEvent e : events) {
                Key k = Key.of(e);
                String digest = EventJson.contentDigest(e);
                String before = wanted.putIfAbsent(k, digest);
                if (before != null && !before.equals(digest)) {
                    throw new EventIdConflictException(e.id(), e.source());
                }
                eventOf.putIfAbsent(k, e);
            }
            Map<Key, Seen> known = find(wanted.keySet());
            List<Map.Entry<Key, String>> fresh = new ArrayList<>();
            for (Map.Entry<Key, String> w : wanted.entrySet()) {
                Seen seen = known.get(w.getKey());
                if (seen == null) {
                    fresh.add(w);
                } else if (!seen.digest().equals(w.getValue())) {
                    WebhookEvent e = eventOf.get(w.getKey());
                    throw new EventIdConflictException(e.id(), e.source());
                }
            }
            long now = clock.millis();
            jdbc.batchUpdate("INSERT INTO event_key (id, source, account, content_digest, seen_at, fanned_out) VALUES (?, ?, ?, ?, ?, FALSE)",
                    fresh, 1000, (ps, e) -> {
                        ps.setString(1, e.getKey().id());
                        ps.setString(2, e.getKey().source());
                        ps.setString(3, e.getKey().account());
                        ps.setString(4, e.getValue());
                        ps.setLong(5, now);
                    });
        });
    }

    /** Forgets the ids first received before {@code seenBefore}: after the window an id may name a new event. */
    public int purge(long seenBefore) {
        return jdbc.update("DELETE FROM event_key WHERE seen_at < ?", seenBefore);
    }
}
