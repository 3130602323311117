package dev.hookline.connector.standard;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hookline.core.CanonicalEvent;
import dev.hookline.core.JsonBytes;
import dev.hookline.core.WebhookEvent;
import dev.hookline.core.outbound.Json;
import dev.hookline.core.outbound.OutboundFormat;

/**
 * Standard Webhooks payloads, a batch per POST: a JSON array of {@code {"id", "type", "timestamp", "data"}}. Stored
 * events are copied into the body as they are: the id, type, time and data of the canonical JSON are already what
 * this format sends.
 */
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

    @Override
    public byte[] batchOfStored(List<CanonicalEvent> events) {
        int expected = 2;
        for (CanonicalEvent e : events) {
            expected += e.json().length + 16;
        }
        JsonBytes out = new JsonBytes(expected);
        out.raw('[');
        for (int i = 0; i < events.size(); i++) {
            CanonicalEvent e = events.get(i);
            out.raw(i == 0 ? "{\"id\":" : ",{\"id\":");
            e.writeId(out);
            out.raw(",\"type\":");
            e.writeType(out);
            out.raw(",\"timestamp\":");
            e.writeOccurredAt(out);
            out.raw(",\"data\":");
            e.writeData(out);
            out.raw('}');
        }
        return out.raw(']').toByteArray();
    }
}
