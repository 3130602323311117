package dev.hookline.camel;

import java.util.List;

/**
 * What a chunk handler decided: commit the chunk, after moving some of its messages to other queues (in the same
 * transaction), or roll the whole chunk back for the broker to deliver again.
 */
record ChunkVerdict(boolean commit, List<Move> moves) {

    /**
     * A message of the chunk that goes to {@code queue} instead, keeping at most the first {@code keep} characters
     * (text) or bytes of its body: set aside with the reason, or (no reason) passed on in message group {@code group},
     * with {@code text} as its body when not {@code null} (a part of it), else its own.
     */
    record Move(QueuedMessage message, String queue, String reason, int keep, String group, String text) {
        Move(QueuedMessage message, String queue, String reason, int keep) {
            this(message, queue, reason, keep, null, null);
        }

        Move(QueuedMessage message, String queue, String reason) {
            this(message, queue, reason, Integer.MAX_VALUE);
        }

        /** The message, or the part {@code text} of it, passed on to {@code queue} in message group {@code group}. */
        static Move forward(QueuedMessage message, String queue, String group, String text) {
            return new Move(message, queue, null, Integer.MAX_VALUE, group, text);
        }
    }

    static ChunkVerdict commit(List<Move> moves) {
        return new ChunkVerdict(true, List.copyOf(moves));
    }

    static ChunkVerdict rollback() {
        return new ChunkVerdict(false, List.of());
    }
}
