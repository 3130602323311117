package dev.hookline.camel;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Event ids seen within a time window, for acknowledging a provider's retry of a callback without emitting its events
 * twice. Bounded in count as well as time, so a flood of distinct ids cannot grow it without limit.
 */
final class RecentIds {

    private final long windowMillis;
    private final int maxSize;
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

    RecentIds(long windowMillis, int maxSize) {
        this.windowMillis = windowMillis;
        this.maxSize = maxSize;
    }

    synchronized boolean contains(String id, long now) {
        expire(now);
        return seen.containsKey(id);
    }

    synchronized void add(String id, long now) {
        seen.put(id, now);
        expire(now);
        while (seen.size() > maxSize) {
            Iterator<String> oldest = seen.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
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
