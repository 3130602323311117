package dev.hookline.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The stored subscriptions ({@link JdbcSubscriptionRepository} keeps them in the {@code subscription} tables). */
public interface SubscriptionRepository {

    /** Stores a new subscription, or every field of an existing one (its event types replaced), in one transaction. */
    Subscription save(Subscription subscription);

    Optional<Subscription> findById(String id);

    /** The active subscriptions with their event types. */
    List<Subscription> findByActiveTrue();

    List<Subscription> findByTarget(String target);

    List<Subscription> findByAccountIdOrderByCreatedAtAsc(String accountId);

    List<Subscription> findByAccountIdIsNullOrderByCreatedAtAsc();

    long countByAccountId(String accountId);

    /** Deletes a subscription with its event types. */
    void delete(Subscription subscription);

    default void deleteAll(Iterable<? extends Subscription> subscriptions) {
        subscriptions.forEach(this::delete);
    }

    /** The subscriptions of one account, oldest first; with {@code accountId} null, those made with the admin key. */
    default List<Subscription> findOwnedBy(String accountId) {
        return accountId == null ? findByAccountIdIsNullOrderByCreatedAtAsc() : findByAccountIdOrderByCreatedAtAsc(accountId);
    }

    /** One subscription, if it belongs to the account ({@code null}: to the admin); another's is not found. */
    default Optional<Subscription> findOwned(String id, String accountId) {
        return findById(id).filter(s -> Objects.equals(s.getAccountId(), accountId));
    }

    /** Notes the first failure since the last success. */
    int markFailing(String id, long since);

    /** Clears the failure streak after a success. */
    int markHealthy(String id);

    /** Deactivates a subscription, keeping the first reason given. */
    int deactivate(String id, String reason);
}
