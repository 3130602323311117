package dev.hookline.routes.batching;

/** Exchange properties the batching aggregator reads its per-batch completion limits from. */
final class BatchProperties {

    /** On each incoming copy: milliseconds left until the batch's first event is max-wait old. */
    static final String REMAINING_MS = "HooklineBatchRemainingMs";

    private BatchProperties() {
    }
}
