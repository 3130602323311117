package dev.hookline.routes.delivery;

import dev.hookline.routes.HooklineSettings;
import dev.hookline.routes.security.PublicOnlyDnsResolver;
import dev.hookline.routes.security.TargetGuard;

import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpComponent;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * Delivery: every poll interval, claims due batches (at most one per subscription, at most as many as there are free
 * workers) and POSTs each to its target with a dedicated HTTP client whose connect and response timeouts are the
 * delivery timeout, which follows no redirects, and which resolves hosts only to public addresses (unless private
 * targets are allowed). The outcome is written to the batch's delivery record.
 */
public class DeliveryRoutes extends RouteBuilder {

    /** Name of the HTTP component instance used for deliveries only. */
    public static final String HTTP_COMPONENT = "hookline-http";

    private final HooklineSettings.Delivery settings;
    private final DeliveryDispatcher dispatcher;
    private final DeliveryAttempt attempt;
    private final TargetGuard guard;

    public DeliveryRoutes(HooklineSettings.Delivery settings, DeliveryDispatcher dispatcher, DeliveryAttempt attempt,
            TargetGuard guard) {
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.attempt = attempt;
        this.guard = guard;
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
                .process(attempt::deliver);
    }

    private HttpComponent deliveryHttpComponent() {
        int timeout = (int) settings.getTimeout().toMillis();
        Timeout t = Timeout.ofMilliseconds(timeout);
        HttpComponent http = new HttpComponent();
        http.setClientConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new PublicOnlyDnsResolver(guard))
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(t).setSocketTimeout(t).build())
                .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(t).build())
                .setMaxConnTotal(Math.max(20, settings.getConcurrency() * 2))
                .setMaxConnPerRoute(2)
                .build());
        http.setConnectTimeout(timeout);
        http.setConnectionRequestTimeout(timeout);
        http.setSoTimeout(timeout);
        http.setResponseTimeout(timeout);
        http.setRedirectHandlingDisabled(true);
        http.setFollowRedirects(false);
        // HttpClient 5 would itself repeat a POST answered 429 or 503 (once, after a second or its Retry-After), out of
        // sight of the delivery record and the subscription's retry schedule: Hookline owns every attempt.
        http.setHttpClientConfigurer(builder -> builder.disableAutomaticRetries());
        return http;
    }
}
