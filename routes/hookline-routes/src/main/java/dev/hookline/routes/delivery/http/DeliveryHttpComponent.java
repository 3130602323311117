package dev.hookline.routes.delivery.http;

import java.util.Map;
import java.util.concurrent.ExecutorService;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * The Camel component delivery POSTs go through: {@code to("hookline-delivery-http:post")} takes a
 * {@link TargetRequest} body and answers a {@link TargetAnswer} body, asynchronously, through a
 * {@link TargetHttpClient}. No route thread is held while a target answers; the exchange continues on one of
 * {@code threads} threads of its own, never on the HTTP client's I/O threads (which must not wait on the database).
 */
public class DeliveryHttpComponent extends DefaultComponent {

    /** The component's scheme. */
    public static final String SCHEME = "hookline-delivery-http";

    private final TargetHttpClient client;
    private final int threads;
    private ExecutorService continuations;

    public DeliveryHttpComponent(TargetHttpClient client, int threads) {
        this.client = client;
        this.threads = threads;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        return new DeliveryHttpEndpoint(uri, this);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        continuations = getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "hookline-delivery-outcomes", threads);
    }

    @Override
    protected void doStop() throws Exception {
        if (continuations != null) {
            getCamelContext().getExecutorServiceManager().shutdownGraceful(continuations);
            continuations = null;
        }
        super.doStop();
    }

    TargetHttpClient client() {
        return client;
    }

    ExecutorService continuations() {
        return continuations;
    }
}
