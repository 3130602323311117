package dev.hookline.store;

/** One delivery attempt: when, how it ended, the HTTP status (null when none came back), and the answer's start. */
public record AttemptRecord(String batchId, long attemptedAt, String outcome, Integer status, long latencyMs,
        String response) {
}
