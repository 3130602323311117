package dev.hookline.camel;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import org.apache.camel.support.service.ServiceSupport;

/**
 * Event ids seen within a time window, in this node's memory: what a receiving endpoint falls back to when no shared
 * repository is configured. It is neither shared with other nodes nor kept over a restart. Bounded in count as well as
 * time, so a flood of distinct ids cannot grow it without limit.
 */
final class RecentIdsRepository extends ServiceSupport implements WindowedIdempotentRepository {

    private final long windowMillis;
    private final int maxSize;
    private final LongSupplier clock;
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

    RecentIdsRepository(long windowMillis, int maxSize, LongSupplier clock) {
        this.windowMillis = windowMillis;
        this.maxSize = maxSize;
        this.clock = clock;
    }

    @Override
    public long windowMillis() {
        return windowMillis;
    }

    @Override
    public synchronized boolean add(String key) {
        long now = clock.getAsLong();
        expire(now);
        if (seen.containsKey(key)) {
            return false;
        }
        seen.put(key, now);
        while (seen.size() > maxSize) {
            Iterator<String> oldest = seen.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    @Override
    public synchronized boolean contains(String key) {
        expire(clock.getAsLong());
        return seen.containsKey(key);
    }

    @Override
    public synchronized boolean remove(String key) {
        return seen.remove(key) != null;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public synchronized void clear() {
        seen.clear();
    }

    private void expire(long now) {
        for (Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator(); it.hasNext();) {
            if (now - it.next().getValue() < windowMillis) {
                return; // insertion order: the rest are newer
            }
            it.remove();
        }
    }
}
