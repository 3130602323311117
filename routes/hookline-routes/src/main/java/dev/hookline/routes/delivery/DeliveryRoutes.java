package dev.hookline.routes.delivery;

import dev.hookline.routes.HooklineSettings;

import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpComponent;

/**
 * Delivery: every poll interval, claims due batches (at most one per subscription, at most as many as there are free
 * workers) and POSTs each to its target with a dedicated HTTP client whose connect and response timeouts are the
 * delivery timeout and which follows no redirects. The outcome is written to the batch's delivery record.
 */
public class DeliveryRoutes extends RouteBuilder {

    /** Name of the HTTP component instance used for deliveries only. */
    public static final String HTTP_COMPONENT = "hookline-http";

    private final HooklineSettings.Delivery settings;
    private final DeliveryDispatcher dispatcher;
    private final DeliveryAttempt attempt;

    public DeliveryRoutes(HooklineSettings.Delivery settings, DeliveryDispatcher dispatcher, DeliveryAttempt attempt) {
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.attempt = attempt;
    }

    @Override
    public void configure() {
        if (getContext().hasComponent(HTTP_COMPONENT) == null) {
            getContext().addComponent(HTTP_COMPONENT, deliveryHttpComponent());
        }
        int workers = settings.getConcurrency();
        long poll = settings.getPollInterval().toMillis();

        String queue = "seda:hookline-deliver?concurrentConsumers=" + workers + "&size=" + (workers * 4);
        ProducerTemplate toWorkers = getContext().createProducerTemplate();
        dispatcher.attach(batchId -> toWorkers.sendBody(queue, ExchangePattern.InOnly, batchId));

        from("timer:hookline-delivery?period=" + poll + "&delay=" + poll)
                .routeId("hookline-delivery-poll")
                .process(e -> dispatcher.dispatch());

        from(queue)
                .routeId("hookline-deliver")
                .onCompletion().process(e -> {
                    dispatcher.release();
                    dispatcher.dispatch();
                }).end()
                .process(attempt::prepare)
                .filter(DeliveryAttempt::hasBatch)
                    .doTry()
                        .to(HTTP_COMPONENT + "://hookline-target?throwExceptionOnFailure=false")
                        .process(attempt::recordResponse)
                    .doCatch(Exception.class)
                        .process(attempt::recordFailure)
                    .end()
                .end();
    }

    private HttpComponent deliveryHttpComponent() {
        int timeout = (int) settings.getTimeout().toMillis();
        HttpComponent http = new HttpComponent();
        http.setConnectTimeout(timeout);
        http.setConnectionRequestTimeout(timeout);
        http.setSoTimeout(timeout);
        http.setResponseTimeout(timeout);
        http.setRedirectHandlingDisabled(true);
        http.setFollowRedirects(false);
        http.setMaxTotalConnections(Math.max(20, settings.getConcurrency() * 2));
        http.setConnectionsPerRoute(2);
        return http;
    }
}
