package dev.hookline.connector.fluidsurveys;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.hookline.core.WebhookEvent;
import dev.hookline.core.outbound.Json;
import dev.hookline.core.outbound.OutboundFormat;

/**
 * FluidSurveys callbacks: one POST per event, the event's data as form fields (as FluidSurveys sends them; the event
 * name is not in the body). Nested values are sent as their JSON text.
 */
public final class FluidSurveysFormat implements OutboundFormat {

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
            sb.append(sb.length() == 0 ? "" : "&").append(URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(text, StandardCharsets.UTF_8));
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
