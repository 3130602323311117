package dev.hookline.store;

/**
 * One delivery attempt, that is one POST: its batch, the {@code webhook-id} it carried (the batch id, or the event id
 * for per-event formats), when, how it ended, the HTTP status (null when none came back), how long it took, and the
 * answer's start or the reason it failed.
 */
public record AttemptRecord(String batchId, String messageId, long attemptedAt, String outcome, Integer status,
        long latencyMs, String response) {
}
