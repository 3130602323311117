package dev.hookline.routes.management;

import dev.hookline.routes.ApiException;
import dev.hookline.routes.ApiResponses;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** REST routes of the webhook management API. */
public class ManagementRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementRoutes.class);

    private final WebhookApi webhooks;

    public ManagementRoutes(WebhookApi webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    public void configure() {
        onException(ApiException.class).handled(true).process(e -> {
            ApiException ex = e.getProperty(Exchange.EXCEPTION_CAUGHT, ApiException.class);
            ApiResponses.error(e, ex.status(), ex.getMessage(), ex.field());
        });
        onException(Exception.class).handled(true).process(e -> {
            Throwable t = e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            LOG.warn("Management request failed: {}", t.toString());
            ApiResponses.error(e, 503, "The request could not be completed now; retry later", null);
        });

        rest("/api/v1/webhooks").description("Momentum-style webhook management")
                .post().to("direct:hookline-webhook-create")
                .get().to("direct:hookline-webhook-list")
                .get("/{id}").to("direct:hookline-webhook-get")
                .get("/{id}/batches").to("direct:hookline-webhook-batches")
                .post("/{id}/dead-letters/replay").to("direct:hookline-webhook-replay");

        from("direct:hookline-webhook-create").routeId("hookline-webhook-create").process(webhooks::create);
        from("direct:hookline-webhook-list").routeId("hookline-webhook-list").process(webhooks::list);
        from("direct:hookline-webhook-get").routeId("hookline-webhook-get").process(webhooks::get);
        from("direct:hookline-webhook-batches").routeId("hookline-webhook-batches").process(webhooks::batches);
        from("direct:hookline-webhook-replay").routeId("hookline-webhook-replay").process(webhooks::replayDeadLetters);
    }
}
