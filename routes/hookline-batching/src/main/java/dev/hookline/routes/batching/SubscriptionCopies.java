package dev.hookline.routes.batching;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chunk's event copies for one subscription, in the order of their events: what the aggregator adds to the
 * subscription's batch in one step, instead of one Camel exchange per copy.
 */
public record SubscriptionCopies(String subscriptionId, List<EventCopy> copies) {

    /** The copies of a chunk grouped per subscription, each group in event order, the groups in order of first copy. */
    public static List<SubscriptionCopies> group(List<EventCopy> copies) {
        Map<String, List<EventCopy>> bySubscription = new LinkedHashMap<>();
        for (EventCopy copy : copies) {
            bySubscription.computeIfAbsent(copy.subscriptionId(), s -> new ArrayList<>()).add(copy);
        }
        List<SubscriptionCopies> groups = new ArrayList<>(bySubscription.size());
        bySubscription.forEach((subscription, ofIt) -> groups.add(new SubscriptionCopies(subscription, ofIt)));
        return groups;
    }
}
