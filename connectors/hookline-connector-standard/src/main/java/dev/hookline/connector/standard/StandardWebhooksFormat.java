package dev.hookline.connector.standard;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hookline.core.WebhookEvent;
import dev.hookline.core.outbound.Json;
import dev.hookline.core.outbound.OutboundFormat;

/** Standard Webhooks payloads, a batch per POST: a JSON array of {@code {"id", "type", "timestamp", "data"}}. */
public final class StandardWebhooksFormat implements OutboundFormat {

    @Override
    public String name() {
        return "standard";
    }

    @Override
    public boolean perEvent() {
        return false;
    }

    @Override
    public String contentType() {
        return "application/json";
    }

    @Override
    public byte[] batch(List<WebhookEvent> events) {
        List<Object> out = new ArrayList<>(events.size());
        for (WebhookEvent e : events) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", e.id());
            m.put("type", e.type());
            m.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(e.occurredAt()));
            m.put("data", e.data());
            out.add(m);
        }
        return Json.bytes(out);
    }
}
