package dev.hookline.routes.delivery.http;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import dev.hookline.store.DeliveryLane;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * The Camel component delivery POSTs go through: {@code toD("hookline-delivery-http:<lane>")} takes a
 * {@link TargetRequest} body and answers a {@link TargetAnswer} body, asynchronously, through the lane's
 * {@link TargetHttpClient} ({@code first} or {@code retry}). No route thread is held while a target answers; the
 * exchange continues on one of {@code threads} threads of its own, never on the HTTP client's I/O threads (which must
 * not wait on the database).
 */
public class DeliveryHttpComponent extends DefaultComponent {

    /** The component's scheme. */
    public static final String SCHEME = "hookline-delivery-http";

    private final TargetHttpClients clients;
    private final int threads;
    private ExecutorService continuations;

    public DeliveryHttpComponent(TargetHttpClients clients, int threads) {
        this.clients = clients;
        this.threads = threads;
    }

    /** The endpoint name of a lane. */
    public static String endpointName(DeliveryLane lane) {
        return lane.name().toLowerCase(Locale.ROOT);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        DeliveryLane lane;
        try {
            lane = DeliveryLane.valueOf(remaining.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SCHEME + ": the endpoint names a lane, first or retry, not " + remaining);
        }
        return new DeliveryHttpEndpoint(uri, this, clients.forLane(lane));
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

    ExecutorService continuations() {
        return continuations;
    }
}
