package dev.hookline.connector.fluidsurveys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.hookline.core.CanonicalEvent;
import dev.hookline.core.WebhookEvent;
import dev.hookline.core.outbound.Json;
import dev.hookline.core.outbound.OutboundFormat;

/**
 * FluidSurveys callbacks: one POST per event, the event's data as form fields (as FluidSurveys sends them; the event
 * name is not in the body). Nested values are sent as their JSON text.
 */
public final class FluidSurveysFormat implements OutboundFormat {

    private static final JsonFactory FACTORY = new JsonFactory();

    @Override
    public String name() {
        return "fluidsurveys";
    }

    @Override
    public boolean perEvent() {
        return true;
    }

    @Override
    public String contentType() {
        return "application/x-www-form-urlencoded";
    }

    @Override
    public byte[] event(WebhookEvent e) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> f : e.data().entrySet()) {
            Object v = f.getValue();
            String text = v == null ? "" : v instanceof Map<?, ?> || v instanceof Iterable<?>
                    ? new String(Json.bytes(v), StandardCharsets.UTF_8) : v.toString();
            field(sb, f.getKey(), text);
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The same body as {@link #event(WebhookEvent)}, from the stored data's fields: objects, arrays, numbers and
     * booleans are their stored JSON text; only top-level strings are read, to be sent as their text.
     */
    @Override
    public byte[] eventOfStored(CanonicalEvent e) {
        StringBuilder sb = new StringBuilder();
        e.forEachDataField((name, json, nameStart, valueStart, valueEnd) -> field(sb, name, switch (json[valueStart]) {
            case '"' -> stringAt(json, valueStart, valueEnd);
            case 'n' -> "";
            default -> new String(json, valueStart, valueEnd - valueStart, StandardCharsets.UTF_8);
        }));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void field(StringBuilder sb, String name, String text) {
        sb.append(sb.length() == 0 ? "" : "&").append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(text, StandardCharsets.UTF_8));
    }

    private static String stringAt(byte[] json, int from, int to) {
        try (JsonParser p = FACTORY.createParser(json, from, to - from)) {
            p.nextToken();
            return p.getText();
        } catch (IOException ex) {
            throw new UncheckedIOException("a stored string cannot be read", ex);
        }
    }
}
