package dev.hookline.routes.intake;

import java.util.List;
import java.util.Map;

import jakarta.jms.JMSException;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.JMSRuntimeException;

import dev.hookline.core.EventFormatException;
import dev.hookline.core.EventIdConflictException;
import dev.hookline.core.HooklineHeaders;
import dev.hookline.core.WebhookEvent;
import dev.hookline.routes.api.ApiException;
import dev.hookline.routes.api.ApiResponses;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

/**
 * The HTTP door for events: {@code POST /api/v1/events} with one event object or an array of them. Answers 202 only
 * once the broker holds the events (one persistent message per request); bad input gets a 4xx naming what is wrong and
 * is kept on the quarantine queue, and so is an event whose id (within its source) was received before with other
 * content, which gets 409; events belong to the account of the key they were posted with, or with the admin key to
 * the account they name (see {@link AccountIntake}), within its rate (429 above it); a broker that cannot take the events, or a database that does not answer, gets 503, never
 * a false 2xx.
 */
public class IntakeRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeRoutes.class);

    private final DatabaseAvailability database;
    private final AccountIntake accounts;
    private final String publish;
    private ProducerTemplate quarantine;

    public IntakeRoutes(DatabaseAvailability database) {
        this(database, AccountIntake.NONE);
    }

    /** Publishes with hookline:publish's own largest message, which is the fan-out's default. */
    public IntakeRoutes(DatabaseAvailability database, AccountIntake accounts) {
        this(database, accounts, "hookline:publish");
    }

    /**
     * @param maxMessageBytes the largest message the fan-out takes ({@code hookline.ingest.max-body}): a request's
     *                        events that would make a larger one are published as several
     */
    public IntakeRoutes(DatabaseAvailability database, AccountIntake accounts, long maxMessageBytes) {
        this(database, accounts, "hookline:publish?maxBodySize=" + maxMessageBytes);
    }

    private IntakeRoutes(DatabaseAvailability database, AccountIntake accounts, String publish) {
        this.database = database;
        this.accounts = accounts;
        this.publish = publish;
    }

    @Override
    public void configure() {
        quarantine = getContext().createProducerTemplate();
        onException(EventFormatException.class).handled(true).process(this::rejected);
        onException(EventIdConflictException.class).handled(true).process(e -> {
            EventIdConflictException ex = e.getProperty(Exchange.EXCEPTION_CAUGHT, EventIdConflictException.class);
            quarantine(e, ex.getMessage());
            ApiResponses.error(e, 409, ex.getMessage(), null);
        });
        onException(DataAccessException.class, TransactionException.class).handled(true).process(e -> {
            LOG.warn("Event intake refused: the database did not answer ({})",
                    e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class).toString());
            ApiResponses.error(e, 503, "The database is unavailable; nothing was accepted, retry later", null);
        });
        onException(ApiException.class).handled(true).process(e -> {
            ApiException ex = e.getProperty(Exchange.EXCEPTION_CAUGHT, ApiException.class);
            ApiResponses.error(e, ex.status(), ex.getMessage(), ex.field());
            if (ex instanceof AccountIntake.RateLimited limited) {
                e.getMessage().setHeader("Retry-After", limited.retryAfterSeconds());
            }
        });
        onException(ResourceAllocationException.class).handled(true).process(e -> {
            // hookline:publish's word for a send the broker refused for want of room: a queue at its limit, a disk
            // nearly full (not logged at INFO or above: a flood would write a line per request)
            LOG.debug("Event intake refused: {}", e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class).getMessage());
            ApiResponses.error(e, 503, "The event broker takes no more events now (a queue or its disk is full); "
                    + "nothing was accepted, retry in a second", null);
            e.getMessage().setHeader("Retry-After", 1);
        });
        onException(JMSException.class, JMSRuntimeException.class).handled(true)
                .process(e -> {
                    Throwable t = e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
                    LOG.warn("Event intake refused: the broker did not take the events ({})", t.toString());
                    ApiResponses.error(e, 503, "The event broker is unavailable; nothing was accepted, retry later", null);
                });

        onException(Exception.class).handled(true).process(e -> {
            // anything not foreseen above: a JSON answer without the request's headers, never the request echoed
            LOG.error("Event intake failed unexpectedly", e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
            ApiResponses.error(e, 503, "The request could not be completed now; retry later", null);
        });

        rest("/api/v1/events").description("Publish events into Hookline")
                .post()
                .to("direct:hookline-intake-http");

        from("timer:hookline-database-check?period=1000&delay=1000").routeId("hookline-database-check")
                .process(e -> database.check());

        from("direct:hookline-intake-http").routeId("hookline-intake-http")
                .process(e -> {
                    if (!database.isAvailable()) {
                        throw new ApiException(503, "The database is unavailable; nothing was accepted, retry later");
                    }
                })
                .process(ApiResponses::requireJson)
                .process(e -> e.getMessage().setBody(e.getMessage().getBody(byte[].class))) // read once, kept
                .process(accounts::admit)
                .to(publish)
                .process(e -> {
                    @SuppressWarnings("unchecked")
                    List<WebhookEvent> events = e.getMessage().getBody(List.class);
                    ApiResponses.json(e, 202, Map.of("accepted", events.size(),
                            "ids", events.stream().map(WebhookEvent::id).toList()));
                });
    }

    private void rejected(Exchange exchange) {
        EventFormatException ex = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, EventFormatException.class);
        int status = ex.isTooLarge() ? 413 : 400;
        quarantine(exchange, ex.getMessage());
        ApiResponses.error(exchange, status, ex.getMessage(), ex.field());
    }

    private void quarantine(Exchange exchange, String reason) {
        try {
            String raw = exchange.getMessage().getBody(String.class);
            quarantine.sendBodyAndHeaders("hookline:quarantine", raw == null ? "" : raw,
                    Map.of(HooklineHeaders.QUARANTINE_REASON, reason, HooklineHeaders.QUARANTINE_ORIGIN, "POST /api/v1/events"));
        } catch (RuntimeException e) {
            LOG.warn("Could not quarantine a refused event request: {}", e.getMessage());
        }
    }
}
