package dev.hookline.camel;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The partitions of the fan-out this node's reader holds (the broker marks the first message of a group it gives a
 * consumer), and whether that is more than its share when the partitioned queue has a given number of readers: more
 * than {@code ceil(partitions / readers)}. A node that joins a running cluster holds none; the others then hold more
 * than their share and give theirs back, to be shared again over all readers.
 */
final class PartitionShare implements TransactedQueueReader.GroupBalance {

    private final int partitions;
    private final Set<Integer> held = ConcurrentHashMap.newKeySet();

    PartitionShare(int partitions) {
        this.partitions = partitions;
    }

    /** The broker has given this node's reader these partitions. */
    void given(Collection<Integer> givenPartitions) {
        held.addAll(givenPartitions);
    }

    @Override
    public boolean overShare(int readers) {
        int share = (partitions + readers - 1) / readers;
        return held.size() > share;
    }

    @Override
    public void reopened() {
        held.clear();
    }

    @Override
    public int held() {
        return held.size();
    }
}
