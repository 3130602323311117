package dev.hookline.spring.boot.provider;

import dev.hookline.routes.delivery.DeliveryHealth;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * {@code /actuator/health} component {@code hooklineDelivery}: DOWN when batches have been due for
 * {@code hookline.delivery.stalled-after} (a minute) while no delivery attempt ended for as long (attempts end within
 * the delivery timeout whatever their targets do).
 */
public class HooklineDeliveryHealthIndicator extends AbstractHealthIndicator {

    private final DeliveryHealth health;

    public HooklineDeliveryHealthIndicator(DeliveryHealth health) {
        super("Hookline delivery health check failed");
        this.health = health;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        DeliveryHealth.Status status = health.status();
        (status.stalled() ? builder.down() : builder.up())
                .withDetail("waitingBatches", status.waitingBatches())
                .withDetail("msSinceLastAttempt", status.msSinceLastAttempt());
    }
}
