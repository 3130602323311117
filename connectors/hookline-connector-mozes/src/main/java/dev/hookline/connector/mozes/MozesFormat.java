package dev.hookline.connector.mozes;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.hookline.core.CanonicalEvent;
import dev.hookline.core.JsonBytes;
import dev.hookline.core.WebhookEvent;
import dev.hookline.core.outbound.Json;
import dev.hookline.core.outbound.OutboundFormat;

/** Mozes callbacks: one POST per event, {@code {"event", "fired_at": "yyyy:MM:dd HH:mm:ss" (UTC), "data"}}. */
public final class MozesFormat implements OutboundFormat {

    private static final DateTimeFormatter FIRED_AT = DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @Override
    public String name() {
        return "mozes";
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
        body.put("event", e.type());
        body.put("fired_at", FIRED_AT.format(e.occurredAt()));
        body.put("data", e.data());
        return Json.bytes(body);
    }

    /** The same body as {@link #event(WebhookEvent)}, with the type and data copied from the stored JSON. */
    @Override
    public byte[] eventOfStored(CanonicalEvent e) {
        JsonBytes out = new JsonBytes(e.json().length + 48).raw("{\"event\":");
        e.writeType(out);
        out.raw(",\"fired_at\":").string(FIRED_AT.format(e.occurredAt())).raw(",\"data\":");
        e.writeData(out);
        return out.raw('}').toByteArray();
    }
}
