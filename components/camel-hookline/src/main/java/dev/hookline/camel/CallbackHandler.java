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

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hookline.core.EventFormatException;
import dev.hookline.core.EventJson;
import dev.hookline.core.HooklineHeaders;
import dev.hookline.core.WebhookEvent;
import dev.hookline.core.inbound.InboundDialect;
import dev.hookline.core.inbound.InboundDialects;
import dev.hookline.core.inbound.InboundReply;
import dev.hookline.core.inbound.InboundRequest;
import dev.hookline.core.inbound.ReceiverVerification;
import dev.hookline.core.inbound.VerificationFailure;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of a receiver: per callback, reads the raw body and the request's own headers, verifies them (401
 * otherwise, nothing kept), reads the events by content type (JSON or form, 415 otherwise) and by the dialect (or the
 * one recognised from the request), answers a challenge or ping the dialect answers itself, drops the events whose ids
 * were received before, gives the new ones to the {@link InboundHandOff}, and answers. Bad input gets a 4xx naming the
 * problem and is kept on the quarantine queue; a hand-off that fails answers its 5xx and forgets the ids, so that the
 * provider's retry is taken.
 */
final class CallbackHandler implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackHandler.class);

    private final String receiver;
    private final String path;
    private final long maxBodySize;
    private final String eventName;
    private final InboundDialect dialect;
    private final ReceiverVerification verification;
    private final ReceivedIds ids;
    private final InboundHandOff handOff;
    private final QueueSender quarantine;

    /**
     * @param dialect the endpoint's dialect, or null to recognise it per request
     */
    CallbackHandler(HooklineEndpoint endpoint, InboundDialect dialect, ReceiverVerification verification,
            ReceivedIds ids, InboundHandOff handOff, QueueSender quarantine) {
        this.receiver = endpoint.getName();
        this.path = endpoint.resolvedPath();
        this.maxBodySize = endpoint.getMaxBodySize();
        this.eventName = endpoint.getEventName();
        this.dialect = dialect;
        this.verification = verification;
        this.ids = ids;
        this.handOff = handOff;
        this.quarantine = quarantine;
    }

    @Override
    public void process(Exchange http) {
        Message in = http.getMessage();
        byte[] body;
        try {
            body = RawRequestBody.of(in, maxBodySize);
        } catch (ReceiveRejection r) {
            respond(http, r.status(), Map.of("errors", List.of(Map.of("message", r.getMessage()))));
            return;
        }
        InboundRequest request = request(in, body);
        try {
            verification.verify(request, System.currentTimeMillis() / 1000);
            if (body.length > maxBodySize) {
                throw new ReceiveRejection(413, "The body is larger than " + maxBodySize + " bytes", false);
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
                if (ids.firstReceived(e)) {
                    fresh.add(e);
                }
            }
            if (!fresh.isEmpty()) {
                try {
                    handOff.accept(fresh, TraceHeaders.of(in));
                } catch (RuntimeException e) {
                    ids.forget(fresh); // not accepted: the provider's retry must be taken
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
        if (eventName != null) {
            parameters.put("eventName", eventName);
        }
        String uri = in.getHeader(Exchange.HTTP_URI, String.class);
        if (uri == null || uri.isEmpty()) {
            uri = path;
        }
        int q = uri.indexOf('?');
        uri = q >= 0 ? uri.substring(0, q) : uri;
        return new InboundRequest(contentType, body, headers, parameters, query == null ? uri : uri + "?" + query);
    }

    private void refuse(Exchange http, InboundRequest request, int status, String reason, boolean keep) {
        if (keep) {
            try {
                Map<String, String> props = new HashMap<>();
                props.put(HooklineHeaders.QUARANTINE_REASON, reason);
                props.put(HooklineHeaders.QUARANTINE_ORIGIN, "receive:" + receiver);
                quarantine.send(request.bodyText(), props);
            } catch (JMSException | RuntimeException e) {
                LOG.warn("Could not quarantine a refused callback on {}: {}", path, e.getMessage());
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
}
