package dev.hookline.routes.delivery;

import java.util.List;
import java.util.Optional;

import dev.hookline.core.CanonicalEvent;
import dev.hookline.core.outbound.OutboundFormat;
import dev.hookline.core.outbound.OutboundFormats;
import dev.hookline.store.BatchRecord;
import dev.hookline.store.BatchStatus;
import dev.hookline.store.BatchStore;
import dev.hookline.store.Subscription;
import dev.hookline.store.SubscriptionRepository;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The first step of an attempt: reads the claimed batch, its subscription and its events, and prepares what to POST
 * (the whole body for batch formats; the events, formatted one at a time, for per-event formats). The events are
 * handed to the format as stored ({@link CanonicalEvent}): formats that can copy the stored JSON into their body do,
 * so an event is not parsed and written again on its way out. Sets the
 * {@link DeliveryJob} on the exchange, or nothing when the batch is no longer ready (another attempt recorded it).
 */
public class DeliveryPreparation implements Processor {

    private final BatchStore store;
    private final SubscriptionRepository subscriptions;

    public DeliveryPreparation(BatchStore store, SubscriptionRepository subscriptions) {
        this.store = store;
        this.subscriptions = subscriptions;
    }

    /** The format a subscription receives: its own, or the default of the API that created it. */
    public static String formatOf(Subscription s) {
        if (s.getFormat() != null) {
            return s.getFormat();
        }
        return "v2".equals(s.getApi()) ? "fluidsurveys" : "momentum";
    }

    @Override
    public void process(Exchange exchange) {
        DeliveryClaim claim = exchange.getMessage().getBody(DeliveryClaim.class);
        Optional<BatchRecord> found = store.find(claim.batchId());
        if (found.isEmpty() || found.get().status() != BatchStatus.READY) {
            return;
        }
        BatchRecord batch = found.get();
        Optional<Subscription> subscription = subscriptions.findById(batch.subscriptionId()).filter(Subscription::isActive);
        if (subscription.isEmpty()) {
            exchange.setProperty(DeliveryJob.PROPERTY, DeliveryJob.undeliverable(claim, batch, null,
                    "Subscription " + batch.subscriptionId() + " is inactive or deleted"));
            return;
        }
        Subscription s = subscription.get();
        OutboundFormat format = OutboundFormats.named(formatOf(s));
        if (format == null) {
            exchange.setProperty(DeliveryJob.PROPERTY, DeliveryJob.undeliverable(claim, batch, s,
                    "No connector for format " + formatOf(s) + " is installed"));
            return;
        }
        // from here on, a failure is a failed attempt of this job (retried on its schedule)
        DeliveryJob job = DeliveryJob.of(claim, batch, s, format);
        exchange.setProperty(DeliveryJob.PROPERTY, job);
        // the events were checked when they came in and are stored as canonical JSON: they are not parsed again
        List<String> payloads = store.payloadsOf(batch.id());
        if (s.getTransformJsonata() != null) { // a failure here fails this attempt, with the reason (TransformFailure)
            payloads = PayloadTransform.compile(s.getTransformJsonata()).apply(payloads);
        }
        if (format.perEvent()) {
            job.postEvents(payloads);
            return;
        }
        job.postBatch(format.batchOfStored(CanonicalEvent.allOf(payloads)));
    }
}
