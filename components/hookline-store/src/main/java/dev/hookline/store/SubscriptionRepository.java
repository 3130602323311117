package dev.hookline.store;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

public interface SubscriptionRepository extends JpaRepository<Subscription, String> {

    /** The active subscriptions with their event types, in one query (not one more per subscription). */
    @Query("select distinct s from Subscription s left join fetch s.eventTypes where s.active = true")
    List<Subscription> findByActiveTrue();

    List<Subscription> findAllByOrderByCreatedAtAsc();

    List<Subscription> findByApiOrderByCreatedAtAsc(String api);

    List<Subscription> findByTarget(String target);

    List<Subscription> findByAccountIdOrderByCreatedAtAsc(String accountId);

    List<Subscription> findByAccountIdIsNullOrderByCreatedAtAsc();

    long countByAccountId(String accountId);

    /** The subscriptions of one account, oldest first; with {@code accountId} null, those made with the admin key. */
    default List<Subscription> findOwnedBy(String accountId) {
        return accountId == null ? findByAccountIdIsNullOrderByCreatedAtAsc() : findByAccountIdOrderByCreatedAtAsc(accountId);
    }

    /** One subscription, if it belongs to the account ({@code null}: to the admin); another's is not found. */
    default java.util.Optional<Subscription> findOwned(String id, String accountId) {
        return findById(id).filter(s -> java.util.Objects.equals(s.getAccountId(), accountId));
    }

    /** Notes the first failure since the last success. */
    @Transactional
    @Modifying
    @Query("update Subscription s set s.failingSince = :since where s.id = :id and s.failingSince is null")
    int markFailing(String id, long since);

    /** Clears the failure streak after a success. */
    @Transactional
    @Modifying
    @Query("update Subscription s set s.failingSince = null where s.id = :id and s.failingSince is not null")
    int markHealthy(String id);

    /** Deactivates a subscription, keeping the first reason given. */
    @Transactional
    @Modifying
    @Query("update Subscription s set s.active = false, s.deactivatedReason = :reason where s.id = :id and s.active = true")
    int deactivate(String id, String reason);
}
