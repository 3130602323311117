package dev.hookline.store;

/** One API key of an account, as listed: never the key itself, which is stored as a hash only. */
public record AccountKey(String id, String accountId, long createdAt) {
}
