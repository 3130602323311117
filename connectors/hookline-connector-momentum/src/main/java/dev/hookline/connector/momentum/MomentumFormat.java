package dev.hookline.connector.momentum;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.hookline.core.CanonicalEvent;
import dev.hookline.core.JsonBytes;
import dev.hookline.core.WebhookEvent;
import dev.hookline.core.outbound.Json;
import dev.hookline.core.outbound.OutboundFormat;

/**
 * Momentum batches: one POST per batch, a JSON array of type-specific envelopes
 * {@code {"msys": {"<kind>_event": {..data, "type", "timestamp": "<epoch s>", "event_id"}}}}. The kind follows the
 * event type as Momentum groups them: click and open are track events, injection, delivery, bounce and the like are
 * message events, generation failures are gen events, unsubscribes and relay events have their own; other types are
 * sent as message events.
 *
 * <p>Stored events are written without being decoded: the data's fields are copied as stored, but {@code kind}, which
 * is left out, and {@code type}, {@code timestamp} and {@code event_id}, which the event's own values replace where
 * they stand (or follow, in that order), exactly as {@link #batch(List)} lays them out.
 */
public final class MomentumFormat implements OutboundFormat {

    static final Map<String, Set<String>> KINDS = Map.of(
            "track_event", Set.of("click", "open", "initial_open", "amp_click", "amp_open", "amp_initial_open"),
            "message_event", Set.of("injection", "delivery", "bounce", "delay", "out_of_band", "policy_rejection",
                    "spam_complaint", "sms_status"),
            "gen_event", Set.of("generation_failure", "generation_rejection"),
            "unsubscribe_event", Set.of("list_unsubscribe", "link_unsubscribe"),
            "relay_event", Set.of("relay_injection", "relay_rejection", "relay_delivery", "relay_tempfail", "relay_permfail"));

    @Override
    public String name() {
        return "momentum";
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
        List<Object> records = new ArrayList<>(events.size());
        for (WebhookEvent e : events) {
            Map<String, Object> body = new LinkedHashMap<>(e.data());
            body.remove("kind");
            body.put("type", e.type());
            body.put("timestamp", Long.toString(e.occurredAt().getEpochSecond()));
            body.put("event_id", e.id());
            records.add(Map.of("msys", Map.of(kindOf(e.type()), body)));
        }
        return Json.bytes(records);
    }

    @Override
    public byte[] batchOfStored(List<CanonicalEvent> events) {
        int expected = 2;
        for (CanonicalEvent e : events) {
            expected += e.json().length + 64;
        }
        JsonBytes out = new JsonBytes(expected);
        out.raw('[');
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                out.raw(',');
            }
            record(events.get(i), out);
        }
        return out.raw(']').toByteArray();
    }

    private static void record(CanonicalEvent e, JsonBytes out) {
        out.raw("{\"msys\":{\"").raw(kindOf(e.type())).raw("\":{");
        String timestamp = Long.toString(e.occurredAt().getEpochSecond());
        boolean[] written = new boolean[3]; // type, timestamp, event_id
        int[] fields = { 0 };
        e.forEachDataField((name, json, nameStart, valueStart, valueEnd) -> {
            switch (name) {
                case "kind" -> {
                    return;
                }
                case "type" -> {
                    next(out, fields).raw("\"type\":");
                    e.writeType(out);
                    written[0] = true;
                }
                case "timestamp" -> {
                    next(out, fields).raw("\"timestamp\":").string(timestamp);
                    written[1] = true;
                }
                case "event_id" -> {
                    next(out, fields).raw("\"event_id\":");
                    e.writeId(out);
                    written[2] = true;
                }
                default -> next(out, fields).append(json, nameStart, valueEnd);
            }
        });
        if (!written[0]) {
            next(out, fields).raw("\"type\":");
            e.writeType(out);
        }
        if (!written[1]) {
            next(out, fields).raw("\"timestamp\":").string(timestamp);
        }
        if (!written[2]) {
            next(out, fields).raw("\"event_id\":");
            e.writeId(out);
        }
        out.raw("}}}");
    }

    private static JsonBytes next(JsonBytes out, int[] fields) {
        if (fields[0]++ > 0) {
            out.raw(',');
        }
        return out;
    }

    static String kindOf(String type) {
        for (Map.Entry<String, Set<String>> k : KINDS.entrySet()) {
            if (k.getValue().contains(type)) {
                return k.getKey();
            }
        }
        return "message_event";
    }
}
