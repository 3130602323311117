package dev.hookline.routes.management;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.routes.api.ApiException;
import dev.hookline.routes.api.JsonRequest;
import dev.hookline.store.Subscription;

/**
 * A subscription's delivery limits as the API takes and shows them: {@code "rate_limit": {"per_second", "burst"}}
 * (POSTs a second, and how many may go at once after a quiet time; {@code null} removes the limit) and
 * {@code "max_in_flight"} (batches in flight at once; {@code null}: one, in order). Whole numbers within bounds only.
 */
final class DeliveryLimitRules {

    static final String RATE_LIMIT = "rate_limit";
    static final String MAX_IN_FLIGHT = "max_in_flight";
    /** The most POSTs a second a limit may allow, and the largest burst. */
    static final int MAX_PER_SECOND = 10_000;
    static final int MAX_BURST = 10_000;
    /** The most batches of one subscription in flight at once (the connections to one host a lane keeps by default). */
    static final int MAX_IN_FLIGHT_BOUND = dev.hookline.store.DeliveryLimits.MOST_IN_FLIGHT;

    private DeliveryLimitRules() {
    }

    /** Applies the limits the request gives (a field absent leaves that limit as it was). */
    static void apply(JsonRequest request, Subscription s) {
        if (request.get(RATE_LIMIT) != null) { // null too: it removes the limit
            applyRate(request.get(RATE_LIMIT), s);
        }
        JsonNode k = request.get(MAX_IN_FLIGHT);
        if (k != null) {
            s.setMaxInFlight(k.isNull() ? null : wholeNumber(k, MAX_IN_FLIGHT, MAX_IN_FLIGHT_BOUND));
        }
    }

    private static void applyRate(JsonNode rate, Subscription s) {
        if (rate == null || rate.isNull()) {
            s.setRatePerSecond(null);
            s.setRateBurst(null);
            return;
        }
        if (!rate.isObject()) {
            throw new ApiException(400, "Field 'rate_limit' must be an object {per_second, burst?} or null", RATE_LIMIT);
        }
        for (Iterator<String> it = rate.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!f.equals("per_second") && !f.equals("burst")) {
                String field = RATE_LIMIT + "." + JsonRequest.abbreviate(f);
                throw new ApiException(400, "Unknown field '" + field + "'; the fields are per_second, burst", field);
            }
        }
        JsonNode perSecond = rate.get("per_second");
        if (perSecond == null || perSecond.isNull()) {
            throw new ApiException(400, "Field 'rate_limit.per_second' is required: POSTs a second, a whole number from 1 "
                    + "to " + MAX_PER_SECOND, RATE_LIMIT + ".per_second");
        }
        int limit = wholeNumber(perSecond, RATE_LIMIT + ".per_second", MAX_PER_SECOND);
        JsonNode burst = rate.get("burst");
        s.setRatePerSecond(limit);
        s.setRateBurst(burst == null || burst.isNull() ? limit : wholeNumber(burst, RATE_LIMIT + ".burst", MAX_BURST));
    }

    private static int wholeNumber(JsonNode v, String field, int max) {
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1 || v.intValue() > max) {
            String given = v.isNumber() ? JsonRequest.abbreviate(v.asText()) : v.isTextual() ? "a string"
                    : v.isBoolean() ? "a boolean" : v.isArray() ? "a list" : "an object";
            throw new ApiException(400, "Field '" + field + "' must be a whole number from 1 to " + max + "; " + given
                    + " is not", field);
        }
        return v.intValue();
    }

    /** The limits as the API shows them, into {@code m}; nothing for a subscription without limits. */
    static void describe(Subscription s, Map<String, Object> m) {
        if (s.getRatePerSecond() != null) {
            Map<String, Object> rate = new LinkedHashMap<>();
            rate.put("per_second", s.getRatePerSecond());
            rate.put("burst", s.getRateBurst() != null ? s.getRateBurst() : s.getRatePerSecond());
            m.put(RATE_LIMIT, rate);
        }
        if (s.getMaxInFlight() != null) {
            m.put(MAX_IN_FLIGHT, s.getMaxInFlight());
        }
    }
}
