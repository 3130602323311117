package dev.hookline.routes.delivery.http;

import java.util.concurrent.RejectedExecutionException;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;

/** Sends the body's {@link TargetRequest} and sets the {@link TargetAnswer} as the body, without holding a thread. */
final class DeliveryHttpProducer extends DefaultAsyncProducer {

    private final DeliveryHttpEndpoint endpoint;

    DeliveryHttpProducer(DeliveryHttpEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        TargetRequest request = exchange.getMessage().getBody(TargetRequest.class);
        if (request == null) {
            exchange.setException(new IllegalArgumentException("The body must be a TargetRequest"));
            callback.done(true);
            return true;
        }
        endpoint.client().post(request).whenComplete((answer, failure) -> {
            Runnable resume = () -> {
                exchange.getMessage().setBody(answer);
                if (failure != null) {
                    exchange.setException(failure);
                }
                callback.done(false);
            };
            try {
                endpoint.getComponent().continuations().execute(resume);
            } catch (RejectedExecutionException stopping) {
                resume.run();
            }
        });
        return false;
    }
}
