package dev.hookline.camel;

import java.util.List;

/**
 * What a chunk handler decided: commit the chunk, after moving some of its messages to other queues (in the same
 * transaction), or roll the whole chunk back for the broker to deliver again.
 */
record ChunkVerdict(boolean commit, List<Move> moves) {

    /**
     * A message of the chunk that goes to {@code queue} instead, with the reason, keeping at most the first
     * {@code keep} characters (text) or bytes of its body.
     */
    record Move(QueuedMessage message, String queue, String reason, int keep) {
        Move(QueuedMessage message, String queue, String reason) {
            this(message, queue, reason, Integer.MAX_VALUE);
        }
    }

    static ChunkVerdict commit(List<Move> moves) {
        return new ChunkVerdict(true, List.copyOf(moves));
    }

    static ChunkVerdict rollback() {
        return new ChunkVerdict(false, List.of());
    }
}
