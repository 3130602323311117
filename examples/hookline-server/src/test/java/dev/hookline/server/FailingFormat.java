package dev.hookline.server;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hookline.core.WebhookEvent;
import dev.hookline.core.outbound.OutboundFormat;
import dev.hookline.core.outbound.OutboundFormats;

/**
 * An outbound format for tests whose formatting throws an {@link OutOfMemoryError} as long as {@link #errorsLeft} is
 * above zero, then formats as {@code standard}: an Error in the middle of a delivery, where a real one would come from.
 */
public final class FailingFormat implements OutboundFormat {

    /** How many more times formatting throws. */
    static final AtomicInteger errorsLeft = new AtomicInteger();

    @Override
    public String name() {
        return "failing-test";
    }

    @Override
    public boolean perEvent() {
        return false;
    }

    @Override
    public String contentType() {
        return "application/json";
    }

    @Override
    public byte[] batch(List<WebhookEvent> events) {
        if (errorsLeft.getAndDecrement() > 0) {
            throw new OutOfMemoryError("simulated while formatting a batch");
        }
        return OutboundFormats.named("standard").batch(events);
    }
}
