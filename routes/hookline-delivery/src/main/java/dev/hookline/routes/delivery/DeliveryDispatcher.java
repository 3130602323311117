package dev.hookline.routes.delivery;

import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

import dev.hookline.store.BatchStore;
import dev.hookline.store.DeliveryLane;
import dev.hookline.store.DueBatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims due batches for delivery, in two lanes with a capacity each: the {@link DeliveryLane#FIRST first} lane for
 * batches of healthy subscriptions on their first attempt, the {@link DeliveryLane#RETRY retry} lane for retries and
 * for subscriptions whose last attempt failed. Targets that hang or fail therefore wait in the retry lane and never
 * take the capacity healthy subscriptions are delivered with. Each lane also keeps the bytes of event JSON its
 * attempts hold within a budget (at least one attempt always runs), so that many large batches in flight cannot
 * exhaust the heap. A subscription with a rate limit or a {@code max_in_flight} is claimed within them (see
 * {@link BatchStore#claim(DueBatch, String, String, long, long)}): while it has no token its batches are not even read
 * as due, so it waits without taking a slot or being tried again and again. When subscriptions of several owners exist, each lane is also shared between accounts: due batches
 * are taken in turns by account, and no account holds more than its share of a lane (see {@link AccountShares}).
 *
 * <p>Every claim is a lease in the database under a new token (see {@link BatchStore#claim}); the slot it takes here
 * is given back when its attempt ends, and, should an attempt ever fail to end, when its lease would have run out, so
 * that a slot can never be lost for good. Claiming runs on the poll timer and, coalesced on one thread, whenever an
 * attempt ends or a batch completes.
 */
public class DeliveryDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryDispatcher.class);
    /** Due batches read beyond a lane's free slots, for accounts below their share behind those at theirs. */
    private static final int SHARE_LOOKAHEAD = 256;

    /** A lane's limits: attempts in flight, and bytes of event JSON they hold. */
    public record LaneLimits(int capacity, long byteBudget) {
    }

    private static final class Slot {
        final DeliveryClaim claim;
        volatile long touchedNanos = System.nanoTime();

        Slot(DeliveryClaim claim) {
            this.claim = claim;
        }
    }

    private final BatchStore store;
    private final Clock clock;
    private final long leaseMs;
    private final String nodeId;
    private final Map<DeliveryLane, LaneLimits> limits;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private final Map<DeliveryLane, AtomicInteger> used = new EnumMap<>(DeliveryLane.class);
    private final Map<DeliveryLane, AtomicLong> bytesUsed = new EnumMap<>(DeliveryLane.class);
    private final Map<DeliveryLane, AccountShares> shares = new EnumMap<>(DeliveryLane.class);
    private volatile IntSupplier owners = () -> 1;
    private final Object claiming = new Object();
    private final ExecutorService claimer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hookline-delivery-claims");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean claimPending = new AtomicBoolean();
    private volatile Consumer<DeliveryClaim> workers;

    /**
     * @param leaseMs how long a claim holds its batch before another node may claim it; longer than one POST's
     *                deadline, renewed after each event of a per-event format
     * @param nodeId  identifies this node's leases; stable across restarts, so that a restarted node gives back the
     *                leases it held when it died instead of leaving those batches until the leases expire
     */
    public DeliveryDispatcher(BatchStore store, Clock clock, Map<DeliveryLane, LaneLimits> limits, long leaseMs,
            String nodeId) {
        this.store = store;
        this.clock = clock;
        this.limits = new EnumMap<>(limits);
        this.leaseMs = leaseMs;
        this.nodeId = nodeId;
        for (DeliveryLane lane : DeliveryLane.values()) {
            used.put(lane, new AtomicInteger());
            bytesUsed.put(lane, new AtomicLong());
            shares.put(lane, new AccountShares());
        }
        int released = store.releaseLeasesOf(nodeId);
        if (released > 0) {
            LOG.info("Took up again {} deliveries this node was making when it stopped", released);
        }
    }

    /**
     * How many owners (accounts, and the admin) have active subscriptions: with more than one, each lane is shared
     * between accounts (see {@link AccountShares}).
     */
    public DeliveryDispatcher owners(IntSupplier owners) {
        this.owners = owners;
        return this;
    }

    /** Where claims go: the delivery route's queue. */
    public void attach(Consumer<DeliveryClaim> deliveryWorkers) {
        this.workers = deliveryWorkers;
    }

    public long leaseMs() {
        return leaseMs;
    }

    /** Claims what is due, now, on the calling thread (the poll timer). */
    public void dispatch() {
        Consumer<DeliveryClaim> to = workers;
        if (to == null) {
            return; // not started yet: the poll timer picks up what is due
        }
        releaseForgottenSlots();
        synchronized (claiming) { // one claimer at a time, so that no lane is claimed past its limits
            for (DeliveryLane lane : DeliveryLane.values()) {
                claim(lane, to);
            }
        }
    }

    /** Claims what is due soon, on the claiming thread: calls made meanwhile are folded into one. */
    public void dispatchSoon() {
        if (claimPending.compareAndSet(false, true)) {
            try {
                claimer.execute(() -> {
                    claimPending.set(false);
                    try {
                        dispatch();
                    } catch (RuntimeException e) {
                        LOG.debug("Claiming due batches failed ({}); the poll timer tries again", e.toString());
                    }
                });
            } catch (RejectedExecutionException stopped) {
                claimPending.set(false);
            }
        }
    }

    private void claim(DeliveryLane lane, Consumer<DeliveryClaim> to) {
        LaneLimits limit = limits.get(lane);
        int free = limit.capacity() - used.get(lane).get();
        if (free <= 0) {
            return;
        }
        long now = clock.millis();
        int ownerCount = owners.getAsInt();
        if (ownerCount <= 1) {
            claim(lane, store.dueBatches(now, lane, free), limit, limit.capacity(), now, to);
            return;
        }
        // in turns by account, with room for the batches of accounts over their share, which are passed over
        List<DueBatch> due = store.dueBatchesByAccount(now, lane, free + SHARE_LOOKAHEAD);
        int share = shares.get(lane).share(limit.capacity(), ownerCount, due.stream().map(DueBatch::account).toList());
        claim(lane, due, limit, share, now, to);
    }

    private void claim(DeliveryLane lane, List<DueBatch> due, LaneLimits limit, int share, long now,
            Consumer<DeliveryClaim> to) {
        AccountShares accounts = shares.get(lane);
        for (DueBatch d : due) {
            if (used.get(lane).get() >= limit.capacity()) {
                return;
            }
            if (used.get(lane).get() > 0 && bytesUsed.get(lane).get() + d.bytes() > limit.byteBudget()) {
                return; // the lane holds as much as it may; at least one attempt always runs
            }
            if (accounts.inFlight(d.account()) >= share) {
                continue; // this account holds its share of the lane: the next account's turn
            }
            DeliveryClaim claim = new DeliveryClaim(d.id(), d.subscriptionId(), UUID.randomUUID().toString(), lane,
                    d.bytes(), d.account());
            if (!store.claim(d, claim.leaseToken(), nodeId, now + leaseMs, now)) {
                continue; // another node was faster, or the subscription's limits hold it back
            }
            take(claim);
            try {
                to.accept(claim);
            } catch (RuntimeException notTaken) {
                // the route is not running (starting or stopping): give the claim back at once rather than leave the
                // batch leased until its lease expires
                finished(claim);
                store.releaseLease(claim.batchId(), claim.leaseToken());
                LOG.debug("Delivery route did not take batch {} ({}); it stays due", claim.batchId(), notTaken.getMessage());
                return;
            }
        }
    }

    private void take(DeliveryClaim claim) {
        slots.put(claim.leaseToken(), new Slot(claim));
        used.get(claim.lane()).incrementAndGet();
        bytesUsed.get(claim.lane()).addAndGet(claim.bytes());
        shares.get(claim.lane()).took(claim.account());
    }

    /** The attempt made under this claim goes on: its slot is not taken for forgotten. */
    public void touch(DeliveryClaim claim) {
        Slot slot = slots.get(claim.leaseToken());
        if (slot != null) {
            slot.touchedNanos = System.nanoTime();
        }
    }

    /** The attempt made under this claim ended, however it ended: its slot is free. Calling it again does nothing. */
    public void finished(DeliveryClaim claim) {
        if (slots.remove(claim.leaseToken()) == null) {
            return;
        }
        used.get(claim.lane()).decrementAndGet();
        bytesUsed.get(claim.lane()).addAndGet(-claim.bytes());
        shares.get(claim.lane()).gaveBack(claim.account());
        dispatchSoon();
    }

    /**
     * Frees slots whose attempt has not been heard of for longer than a lease: the lease has run out, so the batch may
     * be claimed again anyway, and a slot lost by a failure nobody caught must not stay lost.
     */
    private void releaseForgottenSlots() {
        long limit = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(leaseMs);
        for (Slot slot : slots.values()) {
            if (slot.touchedNanos < limit) {
                LOG.error("The delivery attempt of batch {} (subscription {}) has not ended within its lease of {} ms; "
                        + "its slot is freed and the batch will be claimed again", slot.claim.batchId(),
                        slot.claim.subscriptionId(), leaseMs);
                finished(slot.claim);
            }
        }
    }

    /** Attempts in flight on this node, in both lanes. */
    public int inFlight() {
        return slots.size();
    }

    /** Stops the claiming thread. */
    public void stop() {
        claimer.shutdownNow();
    }
}
