package dev.hookline.routes.delivery;

import dev.hookline.store.DeliveryLane;

/**
 * A batch this node claimed for one delivery attempt: the lease token every change of the batch's delivery state is
 * fenced by, the lane whose capacity it holds, the bytes of event JSON it counts against that lane's budget, and the
 * account whose share of the lane it takes ({@code ""} for the admin's subscriptions).
 */
public record DeliveryClaim(String batchId, String subscriptionId, String leaseToken, DeliveryLane lane, long bytes,
        String account) {

    public DeliveryClaim(String batchId, String subscriptionId, String leaseToken, DeliveryLane lane, long bytes) {
        this(batchId, subscriptionId, leaseToken, lane, bytes, "");
    }
}
