package dev.hookline.connector.momentum;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.hookline.core.WebhookEvent;
import dev.hookline.core.outbound.Json;
import dev.hookline.core.outbound.OutboundFormat;

/**
 * Momentum batches: one POST per batch, a JSON array of type-specific envelopes
 * {@code {"msys": {"<kind>_event": {..data, "type", "timestamp": "<epoch s>", "event_id"}}}}. The kind follows the
 * event type as Momentum groups them: click and open are track events, injection, delivery, bounce and the like are
 * message events, generation failures are gen events, unsubscribes and relay events have their own; other types are
 * sent as message events.
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

    static String kindOf(String type) {
        for (Map.Entry<String, Set<String>> k : KINDS.entrySet()) {
            if (k.getValue().contains(type)) {
                return k.getKey();
            }
        }
        return "message_event";
    }
}
