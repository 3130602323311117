package dev.hookline.routes.delivery;

import dev.hookline.store.DeliveryLane;

/**
 * A batch this node claimed for one delivery attempt: the lease token every change of the batch's delivery state is
 * fenced by, the lane whose capacity it holds, and the bytes of event JSON it counts against that lane's budget.
 */
public record DeliveryClaim(String batchId, String subscriptionId, String leaseToken, DeliveryLane lane, long bytes) {
}
