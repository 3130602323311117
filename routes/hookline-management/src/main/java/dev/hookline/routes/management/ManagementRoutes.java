package dev.hookline.routes.management;

import dev.hookline.routes.api.ApiException;
import dev.hookline.routes.api.ApiResponses;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REST routes of the webhook management API, in its two dialects, and the reads the console shows: the quarantine
 * and the overview (whose timeline is sampled here every {@value #SAMPLE_PERIOD_MS} ms).
 */
public class ManagementRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementRoutes.class);

    static final long SAMPLE_PERIOD_MS = 5000;

    private final WebhookApi webhooks;
    private final FluidSurveysApi fluidSurveys;
    private final AccountApi accounts;
    private final PortalLinkApi portalLinks;
    private final EventTypeApi eventTypes;
    private final QuarantineApi quarantine;
    private final OverviewApi overview;
    private final MeterTimeline timeline;

    /**
     * @param accounts    the accounts API, or {@code null} to serve none
     * @param portalLinks the portal links API, or {@code null} to serve none
     * @param eventTypes  the event type catalogue's API, or {@code null} to serve none
     */
    public ManagementRoutes(WebhookApi webhooks, FluidSurveysApi fluidSurveys, AccountApi accounts,
            PortalLinkApi portalLinks, EventTypeApi eventTypes, QuarantineApi quarantine, OverviewApi overview,
            MeterTimeline timeline) {
        this.eventTypes = eventTypes;
        this.webhooks = webhooks;
        this.fluidSurveys = fluidSurveys;
        this.accounts = accounts;
        this.portalLinks = portalLinks;
        this.quarantine = quarantine;
        this.overview = overview;
        this.timeline = timeline;
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
                .post().description("Create a webhook; its target must answer a test POST with 200. Delivery limits: "
                        + "\"rate_limit\": {\"per_second\": 1-10000, \"burst\": 1-10000 (default per_second)} POSTs "
                        + "a second for all nodes together, deliveries waiting for a token, never failing for it; "
                        + "\"max_in_flight\": 1-32 batches in flight at once (default 1: in order)")
                    .to("direct:hookline-webhook-create")
                .get().description("List webhooks").to("direct:hookline-webhook-list")
                .get("/{id}").description("Show a webhook").to("direct:hookline-webhook-get")
                .put("/{id}").description("Change a webhook (the fields given, as at creation; \"rate_limit\": null "
                        + "and \"max_in_flight\": null remove the limits)").to("direct:hookline-webhook-update")
                .delete("/{id}").description("Delete a webhook").to("direct:hookline-webhook-delete")
                .get("/{id}/batches").description("A webhook's batches in one state (?status=OPEN|READY|DELIVERED|DEAD)")
                    .to("direct:hookline-webhook-batches")
                .post("/{id}/dead-letters/replay").description("Deliver a webhook's dead letters again")
                    .to("direct:hookline-webhook-replay")
                .post("/{id}/dead-letters/{batchId}/replay").description("Deliver one dead letter of a webhook again")
                    .to("direct:hookline-webhook-replay-one")
                .post("/{id}/test").description("Send the target the test POST and tell what it answered")
                    .to("direct:hookline-webhook-test")
                .post("/{id}/signing-secret").description("Rotate the signing secret; the old one signs too for the grace period")
                    .to("direct:hookline-webhook-rotate")
                .get("/{id}/attempts").description("A webhook's recent delivery attempts (?limit=, default 50, at most 500)")
                    .to("direct:hookline-webhook-attempts")
                .post("/{id}/pause").description("Pause delivery: events are still batched, nothing is sent")
                    .to("direct:hookline-webhook-pause")
                .post("/{id}/resume").description("Resume delivery, oldest batch first").to("direct:hookline-webhook-resume");

        rest("/api/v1/quarantine").description("What the doors refused and kept on the quarantine queue")
                .get().description("Quarantined messages, oldest first (?limit=, default 100, at most 500), without "
                        + "taking them off the queue").to("direct:hookline-quarantine-list");
        rest("/api/v1/overview").description("This node's activity")
                .get().description("Counts per minute over the last hour, delivery latency percentiles, the backlog")
                    .to("direct:hookline-overview");

        rest("/api/v2/webhooks").description("FluidSurveys-style webhook management")
                .get().description("List active webhooks (also with a trailing slash, as FluidSurveys documents it)")
                    .to("direct:hookline-v2-list")
                .post("/subscribe").description("Subscribe a URL to an event").to("direct:hookline-v2-subscribe")
                .post("/unsubscribe").description("Unsubscribe a URL").to("direct:hookline-v2-unsubscribe");

        if (accounts != null) {
            rest("/api/v1/accounts").description("Accounts, each seeing and receiving only its own webhooks and events (admin key only)")
                    .post().description("Create an account; the answer shows its API key this once").to("direct:hookline-account-create")
                    .get().description("List accounts").to("direct:hookline-account-list")
                    .get("/{id}").description("Show an account").to("direct:hookline-account-get")
                    .put("/{id}").description("Change an account's name or limits").to("direct:hookline-account-update")
                    .delete("/{id}").description("Delete an account, its keys and its webhooks").to("direct:hookline-account-delete")
                    .post("/{id}/keys").description("Add an API key (rotation); shown this once").to("direct:hookline-account-key-add")
                    .delete("/{id}/keys/{key_id}").description("Revoke an API key at once").to("direct:hookline-account-key-revoke");
            from("direct:hookline-account-create").routeId("hookline-account-create").process(accounts::create);
            from("direct:hookline-account-list").routeId("hookline-account-list").process(accounts::list);
            from("direct:hookline-account-get").routeId("hookline-account-get").process(accounts::get);
            from("direct:hookline-account-update").routeId("hookline-account-update").process(accounts::update);
            from("direct:hookline-account-delete").routeId("hookline-account-delete").process(accounts::delete);
            from("direct:hookline-account-key-add").routeId("hookline-account-key-add").process(accounts::addKey);
            from("direct:hookline-account-key-revoke").routeId("hookline-account-key-revoke").process(accounts::revokeKey);
        }
        if (eventTypes != null) {
            rest("/api/v1/event-types").description("The event type catalogue: names, descriptions, JSON Schemas of the data")
                    .post().description("Declare an event type {name, description, schema?, deprecated?} (admin key only)")
                        .to("direct:hookline-event-type-create")
                    .get().description("List the event types").to("direct:hookline-event-type-list")
                    .get("/{name}").description("Show an event type").to("direct:hookline-event-type-get")
                    .put("/{name}").description("Change an event type's description, schema or deprecation (admin key only)")
                        .to("direct:hookline-event-type-update");
            from("direct:hookline-event-type-create").routeId("hookline-event-type-create").process(eventTypes::create);
            from("direct:hookline-event-type-list").routeId("hookline-event-type-list").process(eventTypes::list);
            from("direct:hookline-event-type-get").routeId("hookline-event-type-get").process(eventTypes::get);
            from("direct:hookline-event-type-update").routeId("hookline-event-type-update").process(eventTypes::update);
        }
        if (portalLinks != null) {
            rest("/api/v1/portal-links").description("Single-use links that sign a browser into the console as one account")
                    .post().description("Make a portal link for {account_id}, valid " + PortalLinkApi.LIFETIME.toMinutes()
                            + " minutes, once (admin key only)").to("direct:hookline-portal-link-create");
            from("direct:hookline-portal-link-create").routeId("hookline-portal-link-create").process(portalLinks::create);
        }

        from("direct:hookline-webhook-create").routeId("hookline-webhook-create").process(webhooks::create);
        from("direct:hookline-webhook-list").routeId("hookline-webhook-list").process(webhooks::list);
        from("direct:hookline-webhook-get").routeId("hookline-webhook-get").process(webhooks::get);
        from("direct:hookline-webhook-update").routeId("hookline-webhook-update").process(webhooks::update);
        from("direct:hookline-webhook-delete").routeId("hookline-webhook-delete").process(webhooks::delete);
        from("direct:hookline-webhook-batches").routeId("hookline-webhook-batches").process(webhooks::batches);
        from("direct:hookline-webhook-replay").routeId("hookline-webhook-replay").process(webhooks::replayDeadLetters);
        from("direct:hookline-webhook-replay-one").routeId("hookline-webhook-replay-one").process(webhooks::replayDeadLetter);
        from("direct:hookline-webhook-test").routeId("hookline-webhook-test").process(webhooks::sendTest);
        from("direct:hookline-webhook-rotate").routeId("hookline-webhook-rotate").process(webhooks::rotateSigningSecret);
        from("direct:hookline-webhook-attempts").routeId("hookline-webhook-attempts").process(webhooks::attempts);
        from("direct:hookline-webhook-pause").routeId("hookline-webhook-pause").process(webhooks::pause);
        from("direct:hookline-webhook-resume").routeId("hookline-webhook-resume").process(webhooks::resume);
        from("direct:hookline-quarantine-list").routeId("hookline-quarantine-list").process(quarantine::list);
        from("direct:hookline-overview").routeId("hookline-overview").process(overview::get);
        from("timer:hookline-overview?period=" + SAMPLE_PERIOD_MS + "&delay=" + SAMPLE_PERIOD_MS)
                .routeId("hookline-overview-sample").process(e -> timeline.sample());
        from("direct:hookline-v2-list").routeId("hookline-v2-list").process(fluidSurveys::list);
        from("direct:hookline-v2-subscribe").routeId("hookline-v2-subscribe").process(fluidSurveys::subscribe);
        from("direct:hookline-v2-unsubscribe").routeId("hookline-v2-unsubscribe").process(fluidSurveys::unsubscribe);
    }
}
