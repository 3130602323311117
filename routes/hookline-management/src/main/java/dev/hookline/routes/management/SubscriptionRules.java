package dev.hookline.routes.management;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.EventTypes;
import dev.hookline.routes.api.JsonRequest;
import dev.hookline.core.StrictJson;
import dev.hookline.core.outbound.OutboundFormats;
import dev.hookline.routes.api.ApiException;
import dev.hookline.store.Filters;
import dev.hookline.routes.security.TargetGuard;
import dev.hookline.routes.security.TargetRefused;
import dev.hookline.store.Subscription;

/** What makes a subscription's fields acceptable, the same for both management dialects. */
public class SubscriptionRules {

    private static final Pattern FILTER_FIELD = Pattern.compile("[A-Za-z0-9_\\-]{1,64}(\\.[A-Za-z0-9_\\-]{1,64}){0,4}");
    private static final int MAX_FILTERS = 20;
    private static final int MAX_FILTER_VALUE = 256;

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** The smallest byte limit a subscription may give its batches. */
    static final long MIN_BATCH_BYTES = 1024;

    private final TargetGuard guard;
    private final SubscriptionSettings settings;
    private final long maxBatchBytes;
    private final EventTypeCatalogue catalogue;

    /** @param maxBatchBytes the server's batch byte limit, the most a subscription may set for itself */
    public SubscriptionRules(TargetGuard guard, SubscriptionSettings settings, long maxBatchBytes) {
        this(guard, settings, maxBatchBytes, null);
    }

    /**
     * @param catalogue the event type catalogue, which decides the types a subscription may select when
     *                  {@code hookline.subscription.event-types} is {@value #CATALOGUE}; may be {@code null} otherwise
     */
    public SubscriptionRules(TargetGuard guard, SubscriptionSettings settings, long maxBatchBytes,
            EventTypeCatalogue catalogue) {
        this.guard = guard;
        this.settings = settings;
        this.maxBatchBytes = maxBatchBytes;
        this.catalogue = catalogue;
    }

    /** The value of {@code hookline.subscription.event-types} that makes the catalogue decide. */
    public static final String CATALOGUE = "catalogue";

    private boolean usesCatalogue() {
        return catalogue != null && settings.usesCatalogue();
    }

    /**
     * A subscription's own batch byte limit: from {@value #MIN_BATCH_BYTES} to the server's {@code hookline.batch.max-bytes},
     * or {@code null} for the server's.
     */
    Long batchMaxBytes(com.fasterxml.jackson.databind.JsonNode v, String field) {
        if (v == null || v.isNull()) {
            return null;
        }
        long max = maxBatchBytes;
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < MIN_BATCH_BYTES || v.longValue() > max) {
            throw new ApiException(400, "Field '" + field + "' must be a whole number of bytes from " + MIN_BATCH_BYTES
                    + " to " + max, field);
        }
        return v.longValue();
    }

    String target(String url, String field) {
        try {
            return guard.check(url, field);
        } catch (TargetRefused refused) {
            throw new ApiException(400, refused.getMessage(), field);
        }
    }

    /** A known outbound format (a connector provides it), or {@code null} for the API's default. */
    String format(String name, String field) {
        if (name == null) {
            return null;
        }
        if (OutboundFormats.named(name) == null) {
            throw new ApiException(400, "Unknown format '" + JsonRequest.abbreviate(name) + "'; the formats are "
                    + String.join(", ", new java.util.TreeSet<>(OutboundFormats.all().keySet())), field);
        }
        return name;
    }

    /** A signing secret: {@code generate} for a new random one, or a given {@code whsec_} secret; {@code null} for none. */
    String signingSecret(String value, String field) {
        if (value == null) {
            return null;
        }
        if (value.equals("generate")) {
            byte[] key = new byte[32];
            RANDOM.nextBytes(key);
            return "whsec_" + java.util.Base64.getEncoder().encodeToString(key);
        }
        if (!value.startsWith("whsec_")) {
            throw new ApiException(400, "Field '" + field + "' must be \"generate\" or a whsec_ secret", field);
        }
        byte[] key;
        try {
            key = java.util.Base64.getDecoder().decode(value.substring(6));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "Field '" + field + "' must be whsec_ followed by base64", field);
        }
        if (key.length < 24 || key.length > 64) {
            throw new ApiException(400, "Field '" + field + "' must hold 24 to 64 random bytes", field);
        }
        return value;
    }

    /** Makes a new subscription active, receiving events from {@code now} plus the activation delay. */
    void activate(Subscription s, long now) {
        s.setActive(true);
        s.setCreatedAt(now);
        s.setActiveFrom(now + settings.getActivationDelay().toMillis());
    }

    String eventType(String type, String field) {
        if (!EventTypes.isValid(type)) {
            throw new ApiException(400, "An event type is a string of letters, digits and _ . : - (at most " + EventTypes.MAX_LENGTH + ")", field);
        }
        if (usesCatalogue()) {
            if (!catalogue.has(type)) {
                throw new ApiException(400, "Unknown event type '" + JsonRequest.abbreviate(type) + "': it is not in the "
                        + "event type catalogue (GET /api/v1/event-types)", field);
            }
            return type;
        }
        Set<String> declared = settings.getEventTypes();
        if (!declared.isEmpty() && !declared.contains(type)) {
            throw new ApiException(400, "Unknown event type '" + JsonRequest.abbreviate(type) + "'; the event types are "
                    + String.join(", ", declared), field);
        }
        return type;
    }

    Set<String> eventTypes(JsonNode events, String field) {
        if (events == null || events.isNull()) {
            throw new ApiException(400, "Field '" + field + "' is required: the event types to receive", field);
        }
        if (!events.isArray() || events.isEmpty()) {
            throw new ApiException(400, "Field '" + field + "' must be a non-empty array of event types", field);
        }
        Set<String> types = new LinkedHashSet<>();
        for (int i = 0; i < events.size(); i++) {
            JsonNode t = events.get(i);
            if (!t.isTextual()) {
                throw new ApiException(400, "Each event type must be a string", field + "[" + i + "]");
            }
            types.add(eventType(t.textValue(), field + "[" + i + "]"));
        }
        return types;
    }

    /** Filters as stored: a JSON object of data field to the text its value must equal; {@code null} for none. */
    String filters(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new ApiException(400, "Field '" + field + "' must be an object of event data field to value", field);
        }
        if (node.size() > MAX_FILTERS) {
            throw new ApiException(400, "Field '" + field + "' may hold at most " + MAX_FILTERS + " filters", field);
        }
        Map<String, String> filters = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            if (!FILTER_FIELD.matcher(name).matches()) {
                throw new ApiException(400, "Filter field '" + JsonRequest.abbreviate(name)
                        + "' must be a data field name (letters, digits, _ -; dots for nested fields)", field);
            }
            JsonNode v = f.getValue();
            if (!v.isValueNode() || v.isNull()) {
                throw new ApiException(400, "Filter '" + name + "' must be a string, number or boolean", field + "." + name);
            }
            String text = v.isNumber() ? Filters.text(v.decimalValue()) : v.asText();
            if (text.length() > MAX_FILTER_VALUE) {
                throw new ApiException(400, "Filter '" + name + "' is longer than " + MAX_FILTER_VALUE + " characters",
                        field + "." + name);
            }
            filters.put(name, text);
        }
        return filters.isEmpty() ? null : write(filters);
    }

    static String write(Map<String, String> filters) {
        try {
            return StrictJson.mapper().writeValueAsString(filters);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
