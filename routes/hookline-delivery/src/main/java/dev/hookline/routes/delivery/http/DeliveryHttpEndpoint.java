package dev.hookline.routes.delivery.http;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** POSTs to webhook targets through one lane's client; a producer only. */
public class DeliveryHttpEndpoint extends DefaultEndpoint {

    private final TargetHttpClient client;

    DeliveryHttpEndpoint(String uri, DeliveryHttpComponent component, TargetHttpClient client) {
        super(uri, component);
        this.client = client;
    }

    TargetHttpClient client() {
        return client;
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
