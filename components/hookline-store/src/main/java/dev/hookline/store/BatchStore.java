package dev.hookline.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.hookline.core.tracing.TraceContext;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stored events, batches and their delivery state, in plain JDBC: the per-event path is one row per event, written in
 * one batched insert per chunk, and one row per batch and chunk listing the batch's events; never a rewrite of the
 * batch (see the module's package documentation).
 */
public class BatchStore {

    private static final int IN_LIST_CHUNK = 500;
    private static final int MAX_ERROR_LENGTH = 2000;

    private static final String BATCH_COLUMNS = "id, subscription_id, status, event_count, opened_at, closed_at, "
            + "attempts, first_attempt_at, next_attempt_at, last_status, last_error, delivered_at, delivered_events, "
            + "byte_count";

    /** A batch {@code b} that may wait for delivery without a bound: a dead letter, or a paused subscription's. */
    private static final String WAITS_INDEFINITELY = "b.status = 'DEAD' OR EXISTS "
            + "(SELECT 1 FROM subscription s WHERE s.id = b.subscription_id AND s.paused)";

    private static final RowMapper<BatchRecord> BATCH_MAPPER = (rs, n) -> new BatchRecord(
            rs.getString("id"), rs.getString("subscription_id"), BatchStatus.valueOf(rs.getString("status")),
            rs.getInt("event_count"), rs.getLong("opened_at"), longOrNull(rs, "closed_at"), rs.getInt("attempts"),
            longOrNull(rs, "first_attempt_at"), longOrNull(rs, "next_attempt_at"), intOrNull(rs, "last_status"),
            rs.getString("last_error"), longOrNull(rs, "delivered_at"), rs.getInt("delivered_events"),
            rs.getLong("byte_count"));

    private static final RowMapper<DueBatch> DUE_MAPPER = (rs, n) -> new DueBatch(rs.getString(1), rs.getString(2),
            rs.getLong(3), rs.getString(4), limits(intOrNull(rs, "rate_per_second"), intOrNull(rs, "rate_burst"),
                    intOrNull(rs, "max_in_flight")));

    /** The columns of a due batch, with its subscription's delivery limits. */
    private static final String DUE_COLUMNS = "b.id, b.subscription_id, b.byte_count, COALESCE(s.account_id, '') AS account, "
            + "s.rate_per_second, s.rate_burst, s.max_in_flight";

    /** The tables a due batch is read from: the batch, its subscription, and the subscription's token bucket. */
    private static final String DUE_FROM = "FROM delivery_batch b LEFT JOIN subscription s ON s.id = b.subscription_id "
            + "LEFT JOIN delivery_throttle t ON t.subscription_id = b.subscription_id ";

    /**
     * A batch {@code b} is in line: the oldest ready batch of its subscription, or, when the subscription allows
     * {@code max_in_flight} of them at once, one of its {@code max_in_flight} oldest (fewer than that many older ready
     * batches exist: the one that many places before it does not). A {@code CASE} with a branch per allowed value, so
     * that each batch costs an index probe of at most that many entries, never a count of a long queue; nearly all
     * subscriptions (one batch in flight) take the first branch.
     */
    private static final String IN_LINE = inLine();

    private static String inLine() {
        String older = "NOT EXISTS (SELECT 1 FROM delivery_batch o WHERE o.subscription_id = b.subscription_id "
                + "AND o.status = 'READY' AND o.seq < b.seq";
        StringBuilder sql = new StringBuilder("(CASE WHEN s.max_in_flight IS NULL OR s.max_in_flight <= 1 THEN ")
                .append(older).append(")");
        for (int k = 2; k < DeliveryLimits.MOST_IN_FLIGHT; k++) {
            sql.append(" WHEN s.max_in_flight = ").append(k).append(" THEN ").append(older)
                    .append(" ORDER BY o.seq DESC OFFSET ").append(k - 1).append(" ROWS)");
        }
        return sql.append(" ELSE ").append(older).append(" ORDER BY o.seq DESC OFFSET ")
                .append(DeliveryLimits.MOST_IN_FLIGHT - 1).append(" ROWS) END)").toString();
    }

    /**
     * The batch's subscription has a token now (one parameter: now), or no rate limit: a subscription waiting for a
     * token is passed over, so that it takes no slot of a lane while it waits.
     */
    private static final String HAS_TOKEN = "(s.rate_per_second IS NULL OR t.subscription_id IS NULL OR "
            + DeliveryThrottle.available("COALESCE(s.rate_burst, s.rate_per_second)", "s.rate_per_second", "?") + " >= 1)";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final TransactionTemplate ownTx;
    private final DeliveryThrottle throttle;

    public BatchStore(DataSource dataSource) {
        this(dataSource, new StoreTransactionManager(dataSource));
    }

    public BatchStore(DataSource dataSource, PlatformTransactionManager transactionManager) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(transactionManager);
        this.ownTx = new TransactionTemplate(transactionManager);
        this.ownTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.throttle = new DeliveryThrottle(jdbc, tx);
    }

    // ---- events

    /**
     * Numbers for {@code count} new events, growing with every call on every node (see the sequence's migration,
     * V33): several nodes fanning out their partitions at once never give two events one number, and a subscription's
     * events, all fanned out by one partition in order, are numbered in their order.
     */
    public long[] nextEventSeqs(int count) {
        long[] seqs = new long[count];
        int block = hookline.db.V33__EventNumberSequence.BLOCK;
        for (int i = 0; i < count; i += block) {
            long first = nextValue();
            for (int j = 0; j < block && i + j < count; j++) {
                seqs[i + j] = first + j;
            }
        }
        return seqs;
    }

    private volatile String nextValueQuery;

    private long nextValue() {
        String query = nextValueQuery;
        if (query == null) {
            String product = jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName());
            query = nextValueQuery = "H2".equalsIgnoreCase(product) ? "SELECT NEXT VALUE FOR stored_event_seq"
                    : "SELECT nextval('stored_event_seq')";
        }
        return jdbc.queryForObject(query, Long.class);
    }

    /**
     * The account of each open batch's subscription, by batch id ({@code null} values: made with the admin key); a
     * batch whose subscription is gone is left out.
     */
    public java.util.Map<String, String> openBatchAccounts() {
        java.util.Map<String, String> accounts = new java.util.HashMap<>();
        jdbc.query("SELECT b.id, s.account_id FROM delivery_batch b JOIN subscription s ON s.id = b.subscription_id "
                + "WHERE b.status = 'OPEN'", rs -> {
                    accounts.put(rs.getString(1), rs.getString(2));
                });
        return accounts;
    }

    /** The highest event number stored, 0 when none is: new events are numbered after it. */
    public long lastEventSeq() {
        Long last = jdbc.queryForObject("SELECT MAX(seq) FROM stored_event", Long.class);
        return last == null ? 0 : last;
    }

    /**
     * Stores new events. Whether an event was fanned out before is known from {@link EventKeys}, written in the same
     * transaction.
     */
    public void insertEvents(List<StoredEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("INSERT INTO stored_event (seq, id, type, received_at, payload, traceparent, tracestate) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", events, 1000, (ps, e) -> {
                    ps.setLong(1, e.seq());
                    ps.setString(2, e.id());
                    ps.setString(3, e.type());
                    ps.setLong(4, e.receivedAt());
                    ps.setString(5, e.payload());
                    ps.setString(6, e.trace() == null ? null : e.trace().traceparent());
                    ps.setString(7, e.trace() == null ? null : e.trace().tracestate());
                });
    }

    // ---- batches being filled

    /**
     * Records a new batch, committed at once even inside a caller's transaction: the aggregator holds the batch from
     * now on, and a rolled-back chunk must not leave it holding a batch the store does not know.
     */
    public void openBatch(String batchId, String subscriptionId, long openedAt, String openedBy) {
        ownTx.executeWithoutResult(s -> jdbc.update("INSERT INTO delivery_batch "
                + "(id, subscription_id, status, opened_at, opened_by) VALUES (?, ?, 'OPEN', ?, ?)",
                batchId, subscriptionId, openedAt, openedBy));
    }

    void appendParts(List<BatchAppender.Part> parts) {
        jdbc.batchUpdate("INSERT INTO batch_part (batch_id, first_seq, last_seq, event_count, seqs, byte_count) "
                + "VALUES (?, ?, ?, ?, ?, ?)", parts, 1000, (ps, p) -> {
                    ps.setString(1, p.batchId());
                    ps.setLong(2, p.firstSeq());
                    ps.setLong(3, p.lastSeq());
                    ps.setInt(4, p.count());
                    ps.setString(5, p.seqs());
                    ps.setLong(6, p.bytes());
                });
    }

    /** The batches being filled, oldest first, with the events they really hold. */
    public List<OpenBatch> openBatches() {
        return jdbc.query("SELECT b.id, b.subscription_id, b.opened_at, "
                + "(SELECT COALESCE(SUM(p.event_count), 0) FROM batch_part p WHERE p.batch_id = b.id) AS n, "
                + "(SELECT COALESCE(SUM(p.byte_count), 0) FROM batch_part p WHERE p.batch_id = b.id) AS bytes, b.opened_by "
                + "FROM delivery_batch b WHERE b.status = 'OPEN' ORDER BY b.seq",
                (rs, i) -> new OpenBatch(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getInt(4), rs.getLong(5),
                        rs.getString(6)));
    }

    /**
     * Marks a filled batch ready for delivery now, counting the events and bytes it really holds. A batch that holds
     * none (its input was rolled back before any append was written) is removed.
     *
     * @return the number of events in the batch
     */
    public int closeBatch(String batchId, long closedAt) {
        return tx.execute(s -> {
            long[] sums = jdbc.queryForObject("SELECT COALESCE(SUM(event_count), 0), COALESCE(SUM(byte_count), 0) "
                    + "FROM batch_part WHERE batch_id = ?", (rs, n) -> new long[] { rs.getLong(1), rs.getLong(2) }, batchId);
            int count = (int) sums[0];
            if (count == 0) {
                jdbc.update("DELETE FROM delivery_batch WHERE id = ? AND status = 'OPEN'", batchId);
                return 0;
            }
            jdbc.update("UPDATE delivery_batch SET status = 'READY', event_count = ?, byte_count = ?, closed_at = ?, "
                    + "next_attempt_at = ? WHERE id = ? AND status = 'OPEN'", count, sums[1], closedAt, closedAt, batchId);
            return count;
        });
    }

    // ---- delivery

    /**
     * Batches that are due and free to claim in a delivery lane, oldest due first: only the oldest undelivered batch of
     * each subscription (so that batches reach a target in order and one at a time), none of a paused subscription, and
     * none whose lease is still held. The {@link DeliveryLane#FIRST first} lane holds batches of subscriptions that are
     * not failing, on their first attempt; the {@link DeliveryLane#RETRY retry} lane everything else.
     */
    public List<DueBatch> dueBatches(long now, DeliveryLane lane, int limit) {
        return jdbc.query("SELECT " + DUE_COLUMNS + " " + DUE_FROM + "WHERE " + due(lane)
                + " ORDER BY b.next_attempt_at, b.seq LIMIT ?", DUE_MAPPER, now, now, now, limit);
    }

    /**
     * Due (three parameters: now), not leased, not paused, in the lane, in line in its subscription, and with a token
     * when its subscription is rate limited.
     */
    private static String due(DeliveryLane lane) {
        return "b.status = 'READY' AND b.next_attempt_at <= ? AND (b.lease_until IS NULL OR b.lease_until < ?) "
                + "AND (s.paused IS NULL OR s.paused = FALSE) AND " + lane.condition() + " AND " + IN_LINE
                + " AND " + HAS_TOKEN;
    }

    /**
     * The due batches of a lane (the first of each subscription in line, not leased, not paused) with their account
     * and their turn within it (1 for the account's oldest due batch).
     */
    private static String dueByAccount(DeliveryLane lane) {
        return "SELECT " + DUE_COLUMNS + ", b.next_attempt_at, b.seq, "
                + "ROW_NUMBER() OVER (PARTITION BY COALESCE(s.account_id, '') ORDER BY b.next_attempt_at, b.seq) "
                + "AS turn " + DUE_FROM + "WHERE " + due(lane);
    }

    /**
     * The due batches of one lane taken in turns by account: each account's first batch (its oldest due), then each
     * one's second, and so on, so that an account with many due batches cannot fill the list before another account's
     * first. The admin's subscriptions are one more account, {@code ""}.
     */
    public List<DueBatch> dueBatchesByAccount(long now, DeliveryLane lane, int limit) {
        return jdbc.query("SELECT id, subscription_id, byte_count, account, rate_per_second, rate_burst, max_in_flight "
                + "FROM (" + dueByAccount(lane) + ") d ORDER BY turn, next_attempt_at, seq LIMIT ?", DUE_MAPPER, now, now,
                now, limit);
    }

    /**
     * How many batches of subscriptions that are not paused have been due since {@code dueBefore} or earlier and are
     * still waiting for delivery, claimed or not: an attempt ends by delivering them or by scheduling their next one.
     */
    public int countOverdue(long dueBefore) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM delivery_batch b LEFT JOIN subscription s "
                + "ON s.id = b.subscription_id WHERE b.status = 'READY' AND b.next_attempt_at <= ? "
                + "AND (s.paused IS NULL OR s.paused = FALSE)", Integer.class, dueBefore);
        return n == null ? 0 : n;
    }

    /**
     * Claims a due batch under a new lease token, unless another claim holds it. Every later change of the batch's
     * delivery state names this token and applies only while it is still the current one.
     *
     * @return true when this claim holds the batch until {@code leaseUntil}
     */
    public boolean claim(String batchId, String leaseToken, String owner, long leaseUntil, long now) {
        return jdbc.update("UPDATE delivery_batch SET lease_until = ?, lease_owner = ?, lease_token = ? "
                + "WHERE id = ? AND status = 'READY' AND (lease_until IS NULL OR lease_until < ?)",
                leaseUntil, owner, leaseToken, batchId, now) == 1;
    }

    /**
     * Claims a due batch as {@link #claim(String, String, String, long, long)} does, within its subscription's
     * limits: when it is rate limited, the claim takes a token from the subscription's bucket (none left: no claim), and
     * no more of its batches than it allows are in flight, on all nodes together. Token, count and lease are one
     * transaction: a claim that fails takes no token.
     *
     * @return true when this claim holds the batch until {@code leaseUntil}
     */
    public boolean claim(DueBatch due, String leaseToken, String owner, long leaseUntil, long now) {
        if (!due.limits().needsThrottle()) {
            return claim(due.id(), leaseToken, owner, leaseUntil, now);
        }
        return throttle.claim(due.subscriptionId(), due.limits(), now,
                () -> claim(due.id(), leaseToken, owner, leaseUntil, now));
    }

    /**
     * Takes one token for one more POST of an attempt (the per-event formats' second and later POSTs; an attempt's
     * first POST took its token with its claim).
     *
     * @return false when the subscription has no token now: the attempt stops there and gives its claim back
     */
    public boolean takeToken(String subscriptionId, DeliveryLimits limits, long now) {
        return !limits.rateLimited() || throttle.takeToken(subscriptionId, limits, now);
    }

    /** The tokens a subscription's bucket holds now, or empty when it has none (it was never claimed for). */
    public java.util.OptionalDouble tokens(String subscriptionId, DeliveryLimits limits, long now) {
        return throttle.tokens(subscriptionId, limits, now);
    }

    /**
     * Extends a lease while its attempt goes on.
     *
     * @return false when the lease is no longer this token's: the attempt must stop and record nothing
     */
    public boolean renewLease(String batchId, String leaseToken, long leaseUntil) {
        return jdbc.update("UPDATE delivery_batch SET lease_until = ? WHERE id = ? AND status = 'READY' AND lease_token = ?",
                leaseUntil, batchId, leaseToken) == 1;
    }

    /** Gives a claim back: the batch is due again at once. */
    public void releaseLease(String batchId, String leaseToken) {
        jdbc.update("UPDATE delivery_batch SET lease_until = NULL, lease_owner = NULL, lease_token = NULL "
                + "WHERE id = ? AND status = 'READY' AND lease_token = ?", batchId, leaseToken);
    }

    /** Gives back every lease a node holds: called when it starts, for the deliveries it was making when it died. */
    public int releaseLeasesOf(String owner) {
        return jdbc.update("UPDATE delivery_batch SET lease_until = NULL, lease_owner = NULL, lease_token = NULL "
                + "WHERE lease_owner = ? AND status = 'READY'", owner);
    }

    public Optional<BatchRecord> find(String batchId) {
        return jdbc.query("SELECT " + BATCH_COLUMNS + " FROM delivery_batch WHERE id = ?", BATCH_MAPPER, batchId)
                .stream().findFirst();
    }

    /**
     * The batch's events as stored (canonical JSON), in the order they were added: each part read as one range.
     *
     * @throws MissingEventsException when an event the batch lists is not stored: the batch is never delivered
     *                                without it
     */
    public List<String> payloadsOf(String batchId) {
        List<String> payloads = new ArrayList<>();
        jdbc.query("SELECT first_seq, event_count, seqs FROM batch_part WHERE batch_id = ? ORDER BY first_seq",
                (rs, n) -> SeqRanges.decode(rs.getLong(1), rs.getString(3), rs.getInt(2)), batchId)
                .forEach(seqs -> readPart(batchId, seqs, payloads));
        return payloads;
    }

    private void readPart(String batchId, long[] seqs, List<String> payloads) {
        int[] next = { 0 };
        jdbc.query("SELECT seq, payload FROM stored_event WHERE seq BETWEEN ? AND ? ORDER BY seq", rs -> {
            long seq = rs.getLong(1);
            if (next[0] < seqs.length && seqs[next[0]] < seq) {
                throw new MissingEventsException(batchId, seqs[next[0]]);
            }
            if (next[0] < seqs.length && seqs[next[0]] == seq) {
                payloads.add(rs.getString(2));
                next[0]++;
            }
        }, seqs[0], seqs[seqs.length - 1]);
        if (next[0] < seqs.length) {
            throw new MissingEventsException(batchId, seqs[next[0]]);
        }
    }

    /**
     * The trace contexts of a batch's events that came with one, in the batch's order, at most {@code max} of them: what
     * a traced delivery attempt links to.
     */
    public List<TraceContext> traceContextsOf(String batchId, int max) {
        List<TraceContext> contexts = new ArrayList<>();
        for (long[] seqs : jdbc.query("SELECT first_seq, event_count, seqs FROM batch_part WHERE batch_id = ? "
                + "ORDER BY first_seq", (rs, n) -> SeqRanges.decode(rs.getLong(1), rs.getString(3), rs.getInt(2)), batchId)) {
            if (contexts.size() >= max) {
                break;
            }
            int[] next = { 0 };
            jdbc.query("SELECT seq, traceparent, tracestate FROM stored_event WHERE seq BETWEEN ? AND ? "
                    + "AND traceparent IS NOT NULL ORDER BY seq", rs -> {
                        long seq = rs.getLong(1);
                        while (next[0] < seqs.length && seqs[next[0]] < seq) {
                            next[0]++;
                        }
                        if (next[0] < seqs.length && seqs[next[0]] == seq && contexts.size() < max) {
                            TraceContext c = TraceContext.of(rs.getString(2), rs.getString(3));
                            if (c != null) {
                                contexts.add(c);
                            }
                        }
                    }, seqs[0], seqs[seqs.length - 1]);
        }
        return contexts;
    }

    /**
     * Records how many of a batch's events a per-event format has delivered, so that a retry resumes after them, and
     * extends the lease for the next event's POST.
     *
     * @return false when the lease is no longer this token's
     */
    public boolean recordProgress(String batchId, String leaseToken, int deliveredEvents, long leaseUntil) {
        return jdbc.update("UPDATE delivery_batch SET delivered_events = ?, lease_until = ? "
                + "WHERE id = ? AND status = 'READY' AND lease_token = ?",
                deliveredEvents, leaseUntil, batchId, leaseToken) == 1;
    }

    /**
     * Records delivered events of per-event formats, of any number of attempts, in one transaction (one commit for
     * all of them): each batch's progress and lease extension, fenced by its lease token as in {@link #recordProgress},
     * and each POST as an attempt (kept whether or not its progress applied: the POST was made).
     *
     * @return for each event, in the given order, whether its progress was recorded (false: the lease is no longer its
     *         token's, and that attempt must stop)
     */
    public boolean[] recordDeliveredEvents(List<DeliveredEvent> events) {
        boolean[] applied = new boolean[events.size()];
        if (events.isEmpty()) {
            return applied;
        }
        // rows in one order on every node, so that two nodes' transactions never wait on each other in a cycle
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            order.add(i);
        }
        order.sort(java.util.Comparator.comparing((Integer i) -> events.get(i).batchId())
                .thenComparingInt(i -> events.get(i).deliveredEvents()));
        tx.executeWithoutResult(status -> {
            int[][] counts = jdbc.batchUpdate("UPDATE delivery_batch SET delivered_events = ?, lease_until = ? "
                    + "WHERE id = ? AND status = 'READY' AND lease_token = ?", order, IN_LIST_CHUNK, (ps, i) -> {
                        DeliveredEvent e = events.get(i);
                        ps.setInt(1, e.deliveredEvents());
                        ps.setLong(2, e.leaseUntil());
                        ps.setString(3, e.batchId());
                        ps.setString(4, e.leaseToken());
                    });
            int k = 0;
            for (int[] chunk : counts) {
                for (int count : chunk) {
                    applied[order.get(k++)] = count == 1;
                }
            }
            jdbc.batchUpdate("INSERT INTO delivery_attempt (subscription_id, batch_id, message_id, attempted_at, outcome, "
                    + "status, latency_ms, response) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", events, IN_LIST_CHUNK, (ps, e) -> {
                        AttemptRecord a = e.attempt();
                        ps.setString(1, e.subscriptionId());
                        ps.setString(2, a.batchId());
                        ps.setString(3, truncate(a.messageId(), 128));
                        ps.setLong(4, a.attemptedAt());
                        ps.setString(5, a.outcome());
                        ps.setObject(6, a.status(), java.sql.Types.INTEGER);
                        ps.setLong(7, a.latencyMs());
                        ps.setString(8, truncate(a.response(), 500));
                    });
        });
        return applied;
    }

    /**
     * Records a successful delivery. The batch's event list stays until {@link #purge} removes it with the batch, in
     * bulk and off the delivery path (deleting a 10,000-row list per delivered batch was most of the delivery
     * threads' time); until then it also lets redelivered input recognise copies that were already delivered.
     */
    public boolean markDelivered(String batchId, String leaseToken, long now, int status) {
        return jdbc.update("UPDATE delivery_batch SET status = 'DELIVERED', delivered_at = ?, last_status = ?, "
                + "last_error = NULL, attempts = attempts + 1, first_attempt_at = COALESCE(first_attempt_at, ?), "
                + "lease_until = NULL, lease_owner = NULL, lease_token = NULL "
                + "WHERE id = ? AND status = 'READY' AND lease_token = ?", now, status, now, batchId, leaseToken) == 1;
    }

    /**
     * Records a failed attempt and when to try again.
     *
     * @return false when the lease is no longer this token's (nothing was recorded)
     */
    public boolean scheduleRetry(String batchId, String leaseToken, int attempts, long firstAttemptAt, long nextAttemptAt,
            Integer status, String error) {
        return jdbc.update("UPDATE delivery_batch SET attempts = ?, first_attempt_at = ?, next_attempt_at = ?, "
                + "last_status = ?, last_error = ?, lease_until = NULL, lease_owner = NULL, lease_token = NULL "
                + "WHERE id = ? AND status = 'READY' AND lease_token = ?",
                attempts, firstAttemptAt, nextAttemptAt, status, truncate(error), batchId, leaseToken) == 1;
    }

    /**
     * Gives up on a batch, keeping it and its events with the last error so that it can be inspected and replayed.
     *
     * @return false when the lease is no longer this token's (nothing was recorded)
     */
    public boolean markDead(String batchId, String leaseToken, int attempts, Long firstAttemptAt, Integer status,
            String error) {
        return jdbc.update("UPDATE delivery_batch SET status = 'DEAD', attempts = ?, first_attempt_at = ?, "
                + "last_status = ?, last_error = ?, lease_until = NULL, lease_owner = NULL, lease_token = NULL, "
                + "next_attempt_at = NULL WHERE id = ? AND status = 'READY' AND lease_token = ?",
                attempts, firstAttemptAt, status, truncate(error), batchId, leaseToken) == 1;
    }

    /** Puts a subscription's dead batches back in line for delivery, as new. */
    public int replayDead(String subscriptionId, long now) {
        return jdbc.update("UPDATE delivery_batch SET status = 'READY', attempts = 0, first_attempt_at = NULL, "
                + "next_attempt_at = ?, lease_until = NULL, lease_owner = NULL, lease_token = NULL, dead_at = NULL "
                + "WHERE subscription_id = ? AND status = 'DEAD'", now, subscriptionId);
    }

    /**
     * Puts one dead batch of a subscription back in line for delivery, as new.
     *
     * @return false when the subscription has no dead batch with that id
     */
    public boolean replayDeadBatch(String subscriptionId, String batchId, long now) {
        return jdbc.update("UPDATE delivery_batch SET status = 'READY', attempts = 0, first_attempt_at = NULL, "
                + "next_attempt_at = ?, lease_until = NULL, lease_owner = NULL, lease_token = NULL, dead_at = NULL "
                + "WHERE id = ? AND subscription_id = ? AND status = 'DEAD'", now, batchId, subscriptionId) == 1;
    }

    /** Throws when the database does not answer. */
    public void ping() {
        jdbc.queryForObject("SELECT 1", Integer.class);
    }

    /** Keeps one delivery attempt for the attempts API. */
    public void recordAttempt(String subscriptionId, AttemptRecord attempt) {
        jdbc.update("INSERT INTO delivery_attempt (subscription_id, batch_id, message_id, attempted_at, outcome, status, "
                + "latency_ms, response) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", subscriptionId, attempt.batchId(),
                truncate(attempt.messageId(), 128), attempt.attemptedAt(), attempt.outcome(), attempt.status(),
                attempt.latencyMs(), truncate(attempt.response(), 500));
    }

    /** A subscription's most recent attempts, newest first. */
    public List<AttemptRecord> attemptsOf(String subscriptionId, int limit) {
        return jdbc.query("SELECT batch_id, message_id, attempted_at, outcome, status, latency_ms, response "
                + "FROM delivery_attempt WHERE subscription_id = ? ORDER BY attempted_at DESC, id DESC LIMIT ?",
                (rs, n) -> new AttemptRecord(rs.getString("batch_id"), rs.getString("message_id"),
                        rs.getLong("attempted_at"), rs.getString("outcome"), rs.getObject("status", Integer.class),
                        rs.getLong("latency_ms"), rs.getString("response")),
                subscriptionId, limit);
    }

    /** How many batches are open, ready (and of those, retrying after a failed attempt) and dead. */
    public record Backlog(long open, long ready, long retrying, long dead) {
    }

    public Backlog backlog() {
        long[] counts = new long[4];
        jdbc.query("SELECT status, COUNT(*) AS n, SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END) AS retrying "
                + "FROM delivery_batch WHERE status IN ('OPEN', 'READY', 'DEAD') GROUP BY status", rs -> {
                    switch (rs.getString("status")) {
                        case "OPEN" -> counts[0] = rs.getLong("n");
                        case "READY" -> {
                            counts[1] = rs.getLong("n");
                            counts[2] = rs.getLong("retrying");
                        }
                        default -> counts[3] = rs.getLong("n");
                    }
                });
        return new Backlog(counts[0], counts[1], counts[2], counts[3]);
    }

    public List<BatchRecord> batchesOf(String subscriptionId, BatchStatus status, int limit) {
        return jdbc.query("SELECT " + BATCH_COLUMNS + " FROM delivery_batch WHERE subscription_id = ? AND status = ? "
                + "ORDER BY seq LIMIT ?", BATCH_MAPPER, subscriptionId, status.name(), limit);
    }

    /**
     * Removes delivered batches older than {@code deliveredBefore} with their parts, parts whose batch is gone, then
     * stored events that arrived before {@code receivedBefore} and that no batch lists any more: those numbered before
     * the first event of every batch still kept, except the spans that batches which may wait indefinitely list (dead
     * letters, which stay replayable, and batches of paused subscriptions), so that these do not hold back the purge of
     * everything after them.
     *
     * <p>Which batches wait indefinitely and where the others begin is read in one statement, so from one consistent
     * view: a batch replayed, paused or resumed meanwhile was either kept by its span or above the first kept event,
     * and keeps its events whichever it became.
     */
    public int purge(long deliveredBefore, long receivedBefore) {
        return tx.execute(st -> {
            // the batches first, then every part whose batch is gone (theirs among them): "batch_id IN (SELECT ...)" is
            // avoided, since H2 runs such a subquery again for every row while its table is being written
            int rows = jdbc.update("DELETE FROM delivery_batch WHERE status = 'DELIVERED' AND delivered_at < ?", deliveredBefore);
            rows += jdbc.update("DELETE FROM batch_part WHERE NOT EXISTS "
                    + "(SELECT 1 FROM delivery_batch b WHERE b.id = batch_part.batch_id)");
            rows += jdbc.update("DELETE FROM delivery_attempt WHERE attempted_at < ?", deliveredBefore);
            long[] pinned = { Long.MAX_VALUE };
            List<long[]> waiting = new ArrayList<>();
            jdbc.query("SELECT 0 AS waits, MIN(p.first_seq), 0 FROM batch_part p JOIN delivery_batch b ON b.id = p.batch_id "
                    + "WHERE NOT (" + WAITS_INDEFINITELY + ") "
                    + "UNION ALL SELECT 1 AS waits, p.first_seq, p.last_seq FROM batch_part p JOIN delivery_batch b "
                    + "ON b.id = p.batch_id WHERE (" + WAITS_INDEFINITELY + ")", rs -> {
                        if (rs.getInt(1) == 0) {
                            long min = rs.getLong(2);
                            pinned[0] = rs.wasNull() ? Long.MAX_VALUE : min;
                        } else {
                            waiting.add(new long[] { rs.getLong(2), rs.getLong(3) });
                        }
                    });
            long below = pinned[0];
            waiting.removeIf(span -> span[0] >= below);
            waiting.sort((a, b) -> Long.compare(a[0], b[0]));
            long from = Long.MIN_VALUE;
            for (long[] span : waiting) {
                if (span[0] > from) {
                    rows += deleteEvents(from, span[0], receivedBefore);
                }
                from = Math.max(from, span[1] + 1);
            }
            if (from < below) {
                rows += deleteEvents(from, below, receivedBefore);
            }
            return rows;
        });
    }

    /**
     * Notes when dead letters were first seen dead ({@code now}), and removes those seen dead before
     * {@code deadBefore}, with their parts and attempts; their events go with the next {@link #purge}.
     *
     * @return the ids of the dead letters removed
     */
    public List<String> purgeDeadLetters(long now, long deadBefore) {
        return tx.execute(st -> {
            jdbc.update("UPDATE delivery_batch SET dead_at = ? WHERE status = 'DEAD' AND dead_at IS NULL", now);
            List<String> expired = jdbc.queryForList("SELECT id FROM delivery_batch WHERE status = 'DEAD' AND dead_at < ?",
                    String.class, deadBefore);
            updateInChunks("DELETE FROM batch_part WHERE batch_id IN (%s)", expired);
            updateInChunks("DELETE FROM delivery_attempt WHERE batch_id IN (%s)", expired);
            updateInChunks("DELETE FROM delivery_batch WHERE id IN (%s) AND status = 'DEAD'", expired);
            return expired;
        });
    }

    /**
     * Removes what a deleted subscription leaves: its batches in every state, their parts, its attempts, and the
     * stored events that only its batches list (those outside every other batch's range; events inside another
     * batch's range that it does not list go with the regular {@link #purge}).
     *
     * @return how many batches were removed
     */
    public int deleteSubscriptionData(String subscriptionId) {
        return tx.execute(st -> {
            List<long[]> spans = jdbc.query("SELECT p.first_seq, p.last_seq FROM batch_part p JOIN delivery_batch b "
                    + "ON b.id = p.batch_id WHERE b.subscription_id = ? ORDER BY p.first_seq",
                    (rs, n) -> new long[] { rs.getLong(1), rs.getLong(2) }, subscriptionId);
            // by the batches' ids, not "batch_id IN (SELECT ...)", which H2 runs again for every row while
            // delivery_batch is being written
            updateInChunks("DELETE FROM batch_part WHERE batch_id IN (%s)", jdbc.queryForList(
                    "SELECT id FROM delivery_batch WHERE subscription_id = ?", String.class, subscriptionId));
            jdbc.update("DELETE FROM delivery_attempt WHERE subscription_id = ?", subscriptionId);
            jdbc.update("DELETE FROM delivery_throttle WHERE subscription_id = ?", subscriptionId);
            int batches = jdbc.update("DELETE FROM delivery_batch WHERE subscription_id = ?", subscriptionId);
            for (long[] own : merge(spans)) {
                List<long[]> others = merge(jdbc.query("SELECT first_seq, last_seq FROM batch_part "
                        + "WHERE last_seq >= ? AND first_seq <= ? ORDER BY first_seq",
                        (rs, n) -> new long[] { rs.getLong(1), rs.getLong(2) }, own[0], own[1]));
                long from = own[0];
                for (long[] other : others) {
                    if (other[0] > from) {
                        deleteEvents(from, Math.min(other[0], own[1] + 1), Long.MAX_VALUE);
                    }
                    from = Math.max(from, other[1] + 1);
                }
                if (from <= own[1]) {
                    deleteEvents(from, own[1] + 1, Long.MAX_VALUE);
                }
            }
            return batches;
        });
    }

    /** Runs {@code sql}, whose {@code IN (%s)} lists ids, for {@code ids} in chunks of {@value #IN_LIST_CHUNK}. */
    private void updateInChunks(String sql, List<String> ids) {
        for (int from = 0; from < ids.size(); from += IN_LIST_CHUNK) {
            List<String> part = ids.subList(from, Math.min(ids.size(), from + IN_LIST_CHUNK));
            jdbc.update(sql.formatted(String.join(",", java.util.Collections.nCopies(part.size(), "?"))), part.toArray());
        }
    }

    /** Sorted spans joined where they touch or overlap. */
    private static List<long[]> merge(List<long[]> sorted) {
        List<long[]> merged = new ArrayList<>();
        for (long[] span : sorted) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && span[0] <= last[1] + 1) {
                last[1] = Math.max(last[1], span[1]);
            } else {
                merged.add(new long[] { span[0], span[1] });
            }
        }
        return merged;
    }

    private int deleteEvents(long fromSeq, long beforeSeq, long receivedBefore) {
        return jdbc.update("DELETE FROM stored_event WHERE seq >= ? AND seq < ? AND received_at < ?", fromSeq, beforeSeq,
                receivedBefore);
    }

    private static String truncate(String error) {
        return truncate(error, MAX_ERROR_LENGTH);
    }

    private static String truncate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max - 3) + "...";
    }

    private static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static DeliveryLimits limits(Integer perSecond, Integer burst, Integer maxInFlight) {
        return perSecond == null && burst == null && maxInFlight == null ? DeliveryLimits.NONE
                : new DeliveryLimits(perSecond, burst, maxInFlight);
    }

    private static Integer intOrNull(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }
}
