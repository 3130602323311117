package dev.hookline.routes.intake;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * How many events a request body holds per account named in their {@code account} field ({@code ""} for none), read
 * with a streaming parser that steps over everything else, so that the rate of each account is checked before the
 * events are read in full and sent. A body that is not JSON events is not counted here: the full read that follows
 * refuses it with the reason.
 */
final class EventCounts {

    private static final JsonFactory FACTORY = new JsonFactory();

    private EventCounts() {
    }

    /** Events per account, or empty when the body is not a JSON event object or array of them. */
    static Map<String, Integer> of(byte[] body) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        if (body == null) {
            return counts;
        }
        try (JsonParser p = FACTORY.createParser(body)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_OBJECT) {
                counts.merge(accountOf(p), 1, Integer::sum);
            } else if (first == JsonToken.START_ARRAY) {
                for (JsonToken t = p.nextToken(); t == JsonToken.START_OBJECT; t = p.nextToken()) {
                    counts.merge(accountOf(p), 1, Integer::sum);
                }
            }
            return counts;
        } catch (IOException e) {
            return Map.of();
        }
    }

    /** Reads one event object to its end, returning its account field's text ({@code ""} without one). */
    private static String accountOf(JsonParser p) throws IOException {
        String account = "";
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if ("account".equals(name) && (value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT)) {
                account = p.getText().trim();
            } else {
                p.skipChildren();
            }
        }
        return account;
    }
}
