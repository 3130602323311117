package dev.hookline.routes.delivery.http;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** POSTs to webhook targets; a producer only. */
public class DeliveryHttpEndpoint extends DefaultEndpoint {

    DeliveryHttpEndpoint(String uri, DeliveryHttpComponent component) {
        super(uri, component);
    }

    @Override
    public DeliveryHttpComponent getComponent() {
        return (DeliveryHttpComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return new DeliveryHttpProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException(DeliveryHttpComponent.SCHEME + " only sends");
    }
}
