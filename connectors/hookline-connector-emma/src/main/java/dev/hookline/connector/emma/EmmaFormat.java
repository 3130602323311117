package dev.hookline.connector.emma;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.hookline.core.CanonicalEvent;
import dev.hookline.core.JsonBytes;
import dev.hookline.core.WebhookEvent;
import dev.hookline.core.outbound.Json;
import dev.hookline.core.outbound.OutboundFormat;

/** Emma callbacks: one POST per event, {@code {"event_name", "data"}}. */
public final class EmmaFormat implements OutboundFormat {

    @Override
    public String name() {
        return "emma";
    }

    @Override
    public boolean perEvent() {
        return true;
    }

    @Override
    public String contentType() {
        return "application/json";
    }

    @Override
    public byte[] event(WebhookEvent e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event_name", e.type());
        body.put("data", e.data());
        return Json.bytes(body);
    }

    /** The same body as {@link #event(WebhookEvent)}, with the type and data copied from the stored JSON. */
    @Override
    public byte[] eventOfStored(CanonicalEvent e) {
        JsonBytes out = new JsonBytes(e.json().length + 32).raw("{\"event_name\":");
        e.writeType(out);
        out.raw(",\"data\":");
        e.writeData(out);
        return out.raw('}').toByteArray();
    }
}
