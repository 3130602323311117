package dev.hookline.core;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Which partition of the fan-out an event belongs to: by its account, so that every subscription's events are in one
 * partition (a subscription belongs to one account, or to the admin and then sees only events of no account). All
 * events of no account are in partition 0; accounts are spread over the partitions by a CRC-32 of their id, the same
 * on every node and in every JVM. A partition travels as the message group of the partitioned queue
 * ({@code JMSXGroupID} {@code p<n>}), which is how the broker keeps each partition with one reader.
 */
public final class Partitions {

    /** The message property of a partition's group ({@code JMSXGroupID}). */
    public static final String GROUP_PROPERTY = "JMSXGroupID";
    /** The property the broker sets on the first message of a group it gives to a consumer (its group-first-key). */
    public static final String FIRST_OF_GROUP_PROPERTY = "HooklineFirstOfGroup";
    private static final String GROUP_PREFIX = "p";

    private final int count;

    /** @param count how many partitions (1 to 1024) */
    public Partitions(int count) {
        if (count < 1 || count > 1024) {
            throw new IllegalArgumentException("The number of partitions must be 1 to 1024, not " + count);
        }
        this.count = count;
    }

    public int count() {
        return count;
    }

    /** The partition of an account's events; {@code null} (events of no account) is partition 0. */
    public int of(String account) {
        if (account == null || count == 1) {
            return 0;
        }
        CRC32 crc = new CRC32();
        crc.update(account.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % count);
    }

    /** The message group of a partition. */
    public static String group(int partition) {
        return GROUP_PREFIX + partition;
    }

    /** The partition a group names, or -1 when it names none of these partitions (absent, malformed, out of range). */
    public int ofGroup(String group) {
        if (group == null || !group.startsWith(GROUP_PREFIX) || group.length() > 5 || group.length() < 2) {
            return -1;
        }
        int n = 0;
        for (int i = GROUP_PREFIX.length(); i < group.length(); i++) {
            char c = group.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n < count && group.equals(group(n)) ? n : -1;
    }
}
