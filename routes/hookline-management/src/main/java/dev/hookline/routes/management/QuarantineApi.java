package dev.hookline.routes.management;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import dev.hookline.core.HooklineHeaders;
import dev.hookline.routes.api.ApiException;
import dev.hookline.routes.api.ApiResponses;

import dev.hookline.routes.api.Caller;

import org.apache.camel.Exchange;

/**
 * {@code GET /api/v1/quarantine}: what the doors and the events queue refused and kept on the quarantine queue, oldest
 * first, browsed without taking anything off the queue: when, by which door, why, and the body as received (its first
 * {@value #BODY_LIMIT} characters; a body that is not UTF-8 text is shown with replacement characters and marked).
 */
public class QuarantineApi {

    static final int BODY_LIMIT = 8192;
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 500;

    private final ConnectionFactory connectionFactory;
    private final String queue;

    public QuarantineApi(ConnectionFactory connectionFactory, String queue) {
        this.connectionFactory = connectionFactory;
        this.queue = queue;
    }

    public void list(Exchange exchange) throws JMSException {
        Caller.of(exchange).requireAdmin("read the quarantine, which holds what every account sent");
        int limit = limit(exchange.getMessage().getHeader("limit", String.class));
        List<Map<String, Object>> results = new ArrayList<>();
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             QueueBrowser browser = session.createBrowser(session.createQueue(queue))) {
            connection.start();
            Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements() && results.size() < limit) {
                results.add(describe((Message) messages.nextElement()));
            }
        }
        ApiResponses.json(exchange, 200, Map.of("results", results));
    }

    private static Map<String, Object> describe(Message m) throws JMSException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("message_id", m.getJMSMessageID());
        out.put("quarantined_at", m.getJMSTimestamp());
        out.put("origin", m.getStringProperty(HooklineHeaders.QUARANTINE_ORIGIN));
        out.put("reason", m.getStringProperty(HooklineHeaders.QUARANTINE_REASON));
        String body;
        boolean text = true;
        long size;
        if (m instanceof TextMessage t) {
            body = t.getText() == null ? "" : t.getText();
            size = body.length();
        } else if (m instanceof BytesMessage b) {
            byte[] data = new byte[(int) Math.min(b.getBodyLength(), BODY_LIMIT * 4L)];
            b.readBytes(data);
            size = b.getBodyLength();
            try {
                body = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
            } catch (CharacterCodingException e) {
                body = new String(data, StandardCharsets.UTF_8);
                text = false;
            }
        } else {
            body = "";
            size = 0;
            text = false;
        }
        if (m.propertyExists("HooklineOriginalSize")) {
            size = m.getLongProperty("HooklineOriginalSize");
        }
        out.put("size", size);
        out.put("text", text);
        out.put("body", body.length() > BODY_LIMIT ? body.substring(0, BODY_LIMIT) : body);
        out.put("body_cut", body.length() > BODY_LIMIT || size > body.length());
        return out;
    }

    private static int limit(String given) {
        if (given == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(given);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(400, "Query parameter 'limit' must be a number from 1 to " + MAX_LIMIT, "limit");
    }
}
