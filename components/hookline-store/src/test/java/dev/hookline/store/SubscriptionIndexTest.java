package dev.hookline.store;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubscriptionIndexTest {

    private final List<Subscription> committed = new CopyOnWriteArrayList<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final CountDownLatch firstReadMayEnd = new CountDownLatch(1);
    private final AtomicBoolean failNextRead = new AtomicBoolean();

    /** Reads what was committed when the read began; the first read then waits until the test lets it end. */
    private final SubscriptionRepository repository = (SubscriptionRepository) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] { SubscriptionRepository.class }, (proxy, method, args) -> {
                if (!method.getName().equals("findByActiveTrue")) {
                    throw new UnsupportedOperationException(method.getName());
                }
                if (failNextRead.getAndSet(false)) {
                    reads.incrementAndGet();
                    throw new IllegalStateException("the database is away");
                }
                List<Subscription> snapshot = List.copyOf(committed);
                if (reads.incrementAndGet() == 1) {
                    assertThat(firstReadMayEnd.await(30, TimeUnit.SECONDS)).isTrue();
                }
                return snapshot;
            });

    private final SubscriptionIndex index = new SubscriptionIndex(repository,
            new SubscriptionIndex.BatchDefaults(10_000, 30_000, 16L << 20));

    @Test
    void changesMadeDuringARereadShareTheNextOneAndEachCallerSeesItsOwn() throws Exception {
        Thread first = changeAndRefresh("sub-0");
        awaitReads(1);
        List<Thread> during = new ArrayList<>();
        for (int i = 1; i < 8; i++) {
            during.add(changeAndRefresh("sub-" + i));
        }
        for (Thread t : during) {
            awaitBlocked(t); // waiting for the re-read under way, its change committed
        }
        firstReadMayEnd.countDown();
        first.join(30_000);
        for (Thread t : during) {
            t.join(30_000);
        }

        assertThat(reads.get()).as("the first re-read, then one for the seven changes made during it").isEqualTo(2);
        assertThat(index.match("order")).hasSize(8);
        for (int i = 0; i < 8; i++) {
            assertThat(index.target("sub-" + i).maxEvents()).as("sub-%d's own limit, not the default", i).isEqualTo(7);
        }
    }

    @Test
    void aFailedRereadIsTriedAgainByTheNextCall() {
        firstReadMayEnd.countDown();
        committed.add(subscription("sub-0"));
        index.refresh();
        committed.add(subscription("sub-1"));
        failNextRead.set(true);
        assertThatThrownBy(index::refresh).hasMessage("the database is away");
        assertThat(index.match("order")).as("the last good re-read").hasSize(1);
        index.refresh();
        assertThat(index.match("order")).hasSize(2);
        assertThat(reads.get()).isEqualTo(3);
    }

    private Thread changeAndRefresh(String id) {
        Thread t = new Thread(() -> {
            committed.add(subscription(id));
            index.refresh();
        }, id);
        t.start();
        return t;
    }

    private void awaitReads(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (reads.get() < n) {
            assertThat(System.nanoTime()).as("re-read %d started", n).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static void awaitBlocked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (t.getState() != Thread.State.BLOCKED) {
            assertThat(System.nanoTime()).as("%s waits for the re-read under way", t.getName()).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static Subscription subscription(String id) {
        Subscription s = new Subscription();
        s.setId(id);
        s.setActive(true);
        s.setBatchMaxEvents(7);
        s.setEventTypes(new LinkedHashSet<>(Set.of("order")));
        return s;
    }
}
