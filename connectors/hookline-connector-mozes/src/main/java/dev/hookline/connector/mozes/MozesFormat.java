package dev.hookline.connector.mozes;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

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
}
