package dev.hookline.camel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.core.EventFormatException;
import dev.hookline.core.EventJson;
import dev.hookline.core.HooklineHeaders;
import dev.hookline.core.WebhookEvent;
import dev.hookline.core.tracing.TraceContext;
import dev.hookline.core.inbound.InboundDialect;
import dev.hookline.core.inbound.InboundDialects;
import dev.hookline.core.inbound.InboundReply;
import dev.hookline.core.inbound.InboundRequest;
import dev.hookline.core.inbound.ReceiverVerification;
import dev.hookline.core.inbound.VerificationFailure;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives a provider's webhook callbacks on an HTTP path of the runtime's web server (through {@code platform-http})
 * and emits one exchange per normalized {@link WebhookEvent}.
 *
 * <p>Per callback: the endpoint's {@link ReceiverVerification} checks the token and the provider's signature (401
 * otherwise, nothing emitted or kept); the body is read by content type (JSON or form, 415 otherwise) and by the
 * endpoint's dialect (or recognised from its signature headers or its shape); a challenge or ping the dialect answers
 * itself gets its answer and emits nothing; events whose ids the {@link IdempotentRepository} already holds are
 * acknowledged but not emitted again. In the default
 * {@code async} mode the events are written, in one broker transaction, to the durable queue
 * {@code hookline.inbound.<name>} and the provider gets 200 at once; the route then runs from that queue, and a failed
 * run is rolled back and redelivered. In {@code sync} mode the route runs before the answer, and a failure answers 500
 * so that the provider retries. Bad input gets a 4xx naming the problem and is kept on the quarantine queue.
 */
public class HooklineReceiveConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(HooklineReceiveConsumer.class);
    private static final int MAX_REMEMBERED_IDS = 100_000;

    private final HooklineEndpoint endpoint;
    private InboundDialect dialect;
    private ReceiverVerification verification;
    private IdempotentRepository ids;
    private boolean ownIds;
    /** This node's memory of recent ids: what duplicate detection falls back to while a shared repository fails. */
    private RecentIdsRepository local;
    private volatile boolean sharedIdsFailing;
    private ObjectMapper handOffReader;
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
        verification = new ReceiverVerification(dialect, endpoint.verificationSettings(), endpoint.isAllowUnauthenticated());
        if (!verification.settings().any()) {
            LOG.warn("Receiver {} accepts callbacks from anyone (allowUnauthenticated=true, no token, secret or publicKey)",
                    endpoint.getName());
        }
        startIdempotentRepository();
        handOffReader = EventJson.handOffMapper(endpoint.getMaxBodySize());
        quarantine = new QueueSender(endpoint.connectionFactory(), endpoint.getComponent().getQuarantineQueue());
        if (!endpoint.isSync()) {
            String queue = endpoint.resolvedQueue();
            inbound = new QueueSender(endpoint.connectionFactory(), queue);
            reader = new TransactedQueueReader(endpoint.connectionFactory(), queue, false, 1, 0, endpoint.getRetryDelay(),
                    (chunk, redelivered, firstOfSession) -> emitQueued(chunk.get(0).text(), TraceHeaders.of(chunk.get(0)))
                            ? ChunkVerdict.commit(List.of()) : ChunkVerdict.rollback());
            reader.start(getEndpoint().getCamelContext(), this, "hookline-receive-" + endpoint.getName());
        }
        Endpoint http = getEndpoint().getCamelContext()
                .getEndpoint("platform-http:" + endpoint.resolvedPath() + "?httpMethodRestrict=POST&populateBodyWithForm=false");
        httpConsumer = http.createConsumer(this::handleCallback);
        ServiceHelper.startService(httpConsumer);
        LOG.info("Receiving {} webhooks on POST {} ({})", endpoint.getDialect(), endpoint.resolvedPath(),
                endpoint.isSync() ? "route runs before the answer" : "durable hand-off to " + endpoint.resolvedQueue());
    }

    private void startIdempotentRepository() {
        long minimum = 2_000 * endpoint.getSignatureTolerance();
        ids = endpoint.getIdempotentRepository() != null ? endpoint.getIdempotentRepository()
                : endpoint.getComponent().getIdempotentRepository();
        ownIds = ids == null;
        if (ownIds) {
            if (endpoint.getDuplicateWindow() < minimum) {
                throw new IllegalArgumentException("duplicateWindow must be at least twice signatureTolerance ("
                        + minimum + " ms), so that a signed request replayed within its tolerance is recognised");
            }
            ids = new RecentIdsRepository(endpoint.getDuplicateWindow(), MAX_REMEMBERED_IDS, System::currentTimeMillis);
            local = (RecentIdsRepository) ids;
            LOG.warn("Receiver {} remembers event ids in this node's memory only: a callback replayed after a restart, or "
                    + "to another node, is emitted again. Configure an idempotentRepository shared by the nodes (the "
                    + "Spring Boot starter provides one when the application has a DataSource).", endpoint.getName());
        } else {
            if (ids instanceof WindowedIdempotentRepository w && w.windowMillis() < minimum) {
                throw new IllegalArgumentException("The idempotentRepository of receiver " + endpoint.getName()
                        + " forgets ids after " + w.windowMillis() + " ms; it must keep them at least twice "
                        + "signatureTolerance (" + minimum + " ms)");
            }
            local = new RecentIdsRepository(Math.max(endpoint.getDuplicateWindow(), minimum), MAX_REMEMBERED_IDS,
                    System::currentTimeMillis);
        }
        ServiceHelper.startService(ids);
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopService(httpConsumer);
        if (reader != null) {
            reader.stop();
        }
        if (ownIds) {
            ServiceHelper.stopService(ids);
        }
        super.doStop();
    }

    // ---- the HTTP side

    private void handleCallback(Exchange http) {
        Message in = http.getMessage();
        byte[] body = bodyOf(in);
        InboundRequest request = request(in, body);
        try {
            verification.verify(request, System.currentTimeMillis() / 1000);
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
            Optional<InboundReply> reply = d.reply(request);
            if (reply.isPresent()) {
                respond(http, 200, reply.get().contentType(), reply.get().body());
                return;
            }
            List<WebhookEvent> events = d.parse(request);
            for (WebhookEvent e : events) {
                EventJson.validate(e);
            }
            List<WebhookEvent> fresh = new ArrayList<>(events.size());
            for (WebhookEvent e : events) {
                if (firstReceived(idKey(e))) {
                    fresh.add(e);
                }
            }
            if (!fresh.isEmpty()) {
                try {
                    handOff(fresh, TraceHeaders.of(in));
                } catch (RuntimeException e) {
                    forget(fresh); // not accepted: the provider's retry must be taken
                    throw e;
                }
            }
            respond(http, 200, Map.of("received", events.size(), "duplicates", events.size() - fresh.size()));
        } catch (VerificationFailure f) {
            refuse(http, request, 401, f.getMessage(), false);
        } catch (ReceiveRejection r) {
            refuse(http, request, r.status(), r.getMessage(), r.quarantine());
        } catch (EventFormatException e) {
            refuse(http, request, e.isTooLarge() ? 413 : 400, e.getMessage(), true);
        }
    }

    /**
     * True when no callback brought this id within the duplicate window. A shared repository that fails (its database
     * away) does not stop the receiver: this node's memory of recent ids answers until the repository does again, so
     * a replay is still recognised on this node, though not one sent to another node meanwhile.
     */
    private boolean firstReceived(String key) {
        boolean locally = local == ids || local.add(key);
        if (local == ids) {
            return locally;
        }
        try {
            boolean shared = ids.add(key);
            if (sharedIdsFailing) {
                sharedIdsFailing = false;
                LOG.info("Receiver {}: duplicate detection is shared by the nodes again", endpoint.getName());
            }
            return shared;
        } catch (RuntimeException e) {
            if (!sharedIdsFailing) {
                sharedIdsFailing = true;
                LOG.warn("Receiver {}: the shared duplicate detection fails ({}); until it answers again, this node's memory "
                        + "of recent ids is used and callbacks go on being accepted", endpoint.getName(), e.toString());
            }
            return locally;
        }
    }

    private void forget(List<WebhookEvent> events) {
        for (WebhookEvent e : events) {
            String key = idKey(e);
            local.remove(key);
            if (ids != local) {
                try {
                    ids.remove(key);
                } catch (RuntimeException failed) {
                    LOG.warn("Could not forget id {} of a callback that was not accepted: {}", e.id(), failed.toString());
                }
            }
        }
    }

    /** The key of an event id in the repository: ids are scoped by the receiver. */
    private String idKey(WebhookEvent e) {
        return endpoint.getName() + "/" + e.id();
    }

    private void handOff(List<WebhookEvent> events, TraceContext trace) {
        if (endpoint.isSync()) {
            if (!emit(events, trace)) {
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
            inbound.sendAll(messages, TraceHeaders.properties(trace));
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

    /**
     * The request as the dialects see it. Headers are only the HTTP request's own: the web layer also turns query
     * parameters (and with some engines form fields) into message headers, and a token or signature must never be
     * taken from those.
     */
    private InboundRequest request(Message in, byte[] body) {
        String query = in.getHeader(Exchange.HTTP_QUERY, String.class);
        Map<String, String> parameters = new HashMap<>();
        Set<String> notHeaders = new HashSet<>();
        if (query != null) {
            for (Map.Entry<String, String> p : InboundRequest.formFields(query).entrySet()) {
                notHeaders.add(p.getKey().toLowerCase(Locale.ROOT));
                parameters.put(p.getKey(), p.getValue());
            }
        }
        String contentType = in.getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            InboundRequest.formFields(new String(body, StandardCharsets.UTF_8)).keySet()
                    .forEach(name -> notHeaders.add(name.toLowerCase(Locale.ROOT)));
        }
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<String, Object> h : in.getHeaders().entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (h.getValue() != null && !h.getKey().startsWith("Camel") && !notHeaders.contains(name)) {
                headers.put(name, h.getValue().toString());
            }
        }
        if (endpoint.getEventName() != null) {
            parameters.put("eventName", endpoint.getEventName());
        }
        String path = in.getHeader(Exchange.HTTP_URI, String.class);
        if (path == null || path.isEmpty()) {
            path = endpoint.resolvedPath();
        }
        int q = path.indexOf('?');
        path = q >= 0 ? path.substring(0, q) : path;
        return new InboundRequest(contentType, body, headers, parameters, query == null ? path : path + "?" + query);
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
        try {
            respond(http, status, "application/json", EventJson.mapper().writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void respond(Exchange http, int status, String contentType, String body) {
        Message out = http.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, contentType);
        out.setBody(body);
    }

    // ---- the route side

    private boolean emitQueued(String text, TraceContext trace) {
        List<WebhookEvent> events;
        try {
            events = new EventJson().readTree(handOffReader.readTree(text));
        } catch (EventFormatException | NullPointerException | JsonProcessingException e) {
            LOG.error("Dropping an unreadable message from {}: {}", endpoint.resolvedQueue(), e.getMessage());
            return true;
        }
        return emit(events, trace);
    }

    /** Runs the route: per event, or once with the list when split is off. True when every run succeeded. */
    private boolean emit(List<WebhookEvent> events, TraceContext trace) {
        if (!endpoint.isSplit()) {
            return run(events, events.get(0), trace);
        }
        for (WebhookEvent e : events) {
            if (!run(e, e, trace)) {
                return false;
            }
        }
        return true;
    }

    private boolean run(Object body, WebhookEvent first, TraceContext trace) {
        Exchange exchange = createExchange(false);
        try {
            exchange.getMessage().setBody(body);
            exchange.getMessage().setHeader(HooklineHeaders.EVENT_ID, first.id());
            exchange.getMessage().setHeader(HooklineHeaders.EVENT_TYPE, first.type());
            exchange.getMessage().setHeader(HooklineHeaders.SOURCE, first.source());
            exchange.getMessage().setHeader(HooklineHeaders.OCCURRED_AT, first.occurredAt());
            TraceHeaders.set(exchange.getMessage(), trace); // Camel's tracing continues the provider's trace
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
