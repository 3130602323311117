package dev.hookline.camel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hookline.core.EventFormatException;
import dev.hookline.core.EventJson;
import dev.hookline.core.HooklineHeaders;
import dev.hookline.core.StandardWebhookSignature;
import dev.hookline.core.WebhookEvent;
import dev.hookline.core.inbound.InboundDialect;
import dev.hookline.core.inbound.InboundDialects;
import dev.hookline.core.inbound.InboundRequest;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives a provider's webhook callbacks on an HTTP path of the runtime's web server (through {@code platform-http})
 * and emits one exchange per normalized {@link WebhookEvent}.
 *
 * <p>Per callback: the shared token and/or Standard Webhooks signature are checked (401 otherwise, nothing emitted);
 * the body is read by content type (JSON or form, 415 otherwise) and by the endpoint's dialect (or recognised from its
 * shape); events already received within the duplicate window are acknowledged but not emitted again. In the default
 * {@code async} mode the events are written, in one broker transaction, to the durable queue
 * {@code hookline.inbound.<name>} and the provider gets 200 at once; the route then runs from that queue, and a failed
 * run is rolled back and redelivered. In {@code sync} mode the route runs before the answer, and a failure answers 500
 * so that the provider retries. Bad input gets a 4xx naming the problem and is kept on the quarantine queue.
 */
public class HooklineReceiveConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(HooklineReceiveConsumer.class);
    private static final String TOKEN_HEADER = "x-messagesystems-webhook-token";
    private static final int MAX_REMEMBERED_IDS = 100_000;

    private final HooklineEndpoint endpoint;
    private InboundDialect dialect;
    private RecentIds recent;
    private QueueSender inbound;
    private QueueSender quarantine;
    private Consumer httpConsumer;
    private TransactedQueueReader reader;

    public HooklineReceiveConsumer(HooklineEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        dialect = InboundDialects.named(endpoint.getDialect());
        recent = new RecentIds(endpoint.getDuplicateWindow(), MAX_REMEMBERED_IDS);
        quarantine = new QueueSender(endpoint.connectionFactory(), endpoint.getComponent().getQuarantineQueue());
        if (!endpoint.isSync()) {
            String queue = endpoint.resolvedQueue();
            inbound = new QueueSender(endpoint.connectionFactory(), queue);
            reader = new TransactedQueueReader(endpoint.connectionFactory(), queue, 1, 0, endpoint.getRetryDelay(),
                    (texts, redelivered, firstOfSession) -> emitQueued(texts.get(0)));
            reader.start(getEndpoint().getCamelContext(), this, "hookline-receive-" + endpoint.getName());
        }
        Endpoint http = getEndpoint().getCamelContext()
                .getEndpoint("platform-http:" + endpoint.resolvedPath() + "?httpMethodRestrict=POST&populateBodyWithForm=false");
        httpConsumer = http.createConsumer(this::handleCallback);
        ServiceHelper.startService(httpConsumer);
        LOG.info("Receiving {} webhooks on POST {} ({})", endpoint.getDialect(), endpoint.resolvedPath(),
                endpoint.isSync() ? "route runs before the answer" : "durable hand-off to " + endpoint.resolvedQueue());
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopService(httpConsumer);
        if (reader != null) {
            reader.stop();
        }
        super.doStop();
    }

    // ---- the HTTP side

    private void handleCallback(Exchange http) {
        Message in = http.getMessage();
        byte[] body = bodyOf(in);
        InboundRequest request = request(in, body);
        try {
            checkTrust(request);
            if (body.length > endpoint.getMaxBodySize()) {
                throw new ReceiveRejection(413, "The body is larger than " + endpoint.getMaxBodySize() + " bytes", false);
            }
            if (body.length == 0) {
                throw new ReceiveRejection(400, "The body is empty", true);
            }
            if (!request.isJson() && !request.isForm()) {
                throw new ReceiveRejection(415, "Content-Type must be application/json or application/x-www-form-urlencoded"
                        + (request.contentType() == null ? "; the request had none" : ", not " + request.contentType()), true);
            }
            InboundDialect d = dialect != null ? dialect : InboundDialects.recognize(request);
            List<WebhookEvent> events = d.parse(request);
            for (WebhookEvent e : events) {
                EventJson.validate(e);
            }
            long now = System.currentTimeMillis();
            List<WebhookEvent> fresh = new ArrayList<>(events.size());
            for (WebhookEvent e : events) {
                if (!recent.contains(e.id(), now)) {
                    fresh.add(e);
                }
            }
            if (!fresh.isEmpty()) {
                handOff(fresh);
                for (WebhookEvent e : fresh) {
                    recent.add(e.id(), now);
                }
            }
            respond(http, 200, Map.of("received", events.size(), "duplicates", events.size() - fresh.size()));
        } catch (ReceiveRejection r) {
            refuse(http, request, r.status(), r.getMessage(), r.quarantine());
        } catch (EventFormatException e) {
            refuse(http, request, e.isTooLarge() ? 413 : 400, e.getMessage(), true);
        }
    }

    private void handOff(List<WebhookEvent> events) {
        if (endpoint.isSync()) {
            if (!emit(events)) {
                throw new ReceiveRejection(500, "The receiving route failed; the callback was not accepted, retry later", false);
            }
            return;
        }
        List<String> messages = new ArrayList<>();
        if (endpoint.isSplit()) {
            for (WebhookEvent e : events) {
                messages.add(EventJson.writeWithRaw(e));
            }
        } else {
            messages.add(writeAllWithRaw(events));
        }
        try {
            inbound.sendAll(messages);
        } catch (JMSException | JMSRuntimeException e) {
            LOG.warn("Callback on {} refused: the broker did not take it ({})", endpoint.resolvedPath(), e.toString());
            throw new ReceiveRejection(503, "The broker is unavailable; the callback was not accepted, retry later", false);
        }
    }

    /** The callback's body exactly as sent (the platform-http endpoint is told not to parse forms). */
    private static byte[] bodyOf(Message in) {
        byte[] bytes = in.getBody(byte[].class);
        return bytes == null ? new byte[0] : bytes;
    }

    private void checkTrust(InboundRequest request) {
        String token = endpoint.getToken();
        if (token != null && !token.isEmpty()) {
            String given = request.header(TOKEN_HEADER);
            if (given == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                    given.getBytes(StandardCharsets.UTF_8))) {
                throw new ReceiveRejection(401, "Missing or wrong X-MessageSystems-Webhook-Token", false);
            }
        }
        String secret = endpoint.getSecret();
        if (secret != null && !secret.isEmpty()) {
            String why = StandardWebhookSignature.verify(secret, request.header("webhook-id"), request.header("webhook-timestamp"),
                    request.header("webhook-signature"), request.body(), System.currentTimeMillis() / 1000,
                    endpoint.getSignatureTolerance());
            if (why != null) {
                throw new ReceiveRejection(401, "Signature check failed: " + why, false);
            }
        }
    }

    private InboundRequest request(Message in, byte[] body) {
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<String, Object> h : in.getHeaders().entrySet()) {
            if (h.getValue() != null && !h.getKey().startsWith("Camel")) {
                headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue().toString());
            }
        }
        Map<String, String> parameters = InboundRequest.queryParameters(in.getHeader(Exchange.HTTP_QUERY, String.class));
        if (endpoint.getEventName() != null) {
            parameters.put("eventName", endpoint.getEventName());
        }
        return new InboundRequest(in.getHeader(Exchange.CONTENT_TYPE, String.class), body, headers, parameters);
    }

    private void refuse(Exchange http, InboundRequest request, int status, String reason, boolean keep) {
        if (keep) {
            try {
                Map<String, String> props = new HashMap<>();
                props.put(HooklineHeaders.QUARANTINE_REASON, reason);
                props.put(HooklineHeaders.QUARANTINE_ORIGIN, "receive:" + endpoint.getName());
                quarantine.send(request.bodyText(), props);
            } catch (JMSException | RuntimeException e) {
                LOG.warn("Could not quarantine a refused callback on {}: {}", endpoint.resolvedPath(), e.getMessage());
            }
        }
        respond(http, status, Map.of("errors", List.of(Map.of("message", reason))));
    }

    private static void respond(Exchange http, int status, Object body) {
        Message out = http.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            out.setBody(EventJson.mapper().writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the route side

    private boolean emitQueued(String text) {
        List<WebhookEvent> events;
        try {
            events = new EventJson().read(text);
        } catch (EventFormatException | NullPointerException e) {
            LOG.error("Dropping an unreadable message from {}: {}", endpoint.resolvedQueue(), e.getMessage());
            return true;
        }
        return emit(events);
    }

    /** Runs the route: per event, or once with the list when split is off. True when every run succeeded. */
    private boolean emit(List<WebhookEvent> events) {
        if (!endpoint.isSplit()) {
            return run(events, events.get(0));
        }
        for (WebhookEvent e : events) {
            if (!run(e, e)) {
                return false;
            }
        }
        return true;
    }

    private boolean run(Object body, WebhookEvent first) {
        Exchange exchange = createExchange(false);
        try {
            exchange.getMessage().setBody(body);
            exchange.getMessage().setHeader(HooklineHeaders.EVENT_ID, first.id());
            exchange.getMessage().setHeader(HooklineHeaders.EVENT_TYPE, first.type());
            exchange.getMessage().setHeader(HooklineHeaders.SOURCE, first.source());
            exchange.getMessage().setHeader(HooklineHeaders.OCCURRED_AT, first.occurredAt());
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        Exception failure = exchange.getException();
        if (failure != null) {
            getExceptionHandler().handleException("Route failed for event " + first.id(), exchange, failure);
        }
        releaseExchange(exchange, false);
        return failure == null;
    }

    private static String writeAllWithRaw(List<WebhookEvent> events) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < events.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(EventJson.writeWithRaw(events.get(i)));
        }
        return sb.append(']').toString();
    }
}
