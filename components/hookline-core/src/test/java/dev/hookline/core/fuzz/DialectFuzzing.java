package dev.hookline.core.fuzz;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.EventFormatException;
import dev.hookline.core.EventJson;
import dev.hookline.core.StrictJson;
import dev.hookline.core.StandardWebhookSignature;
import dev.hookline.core.WebhookEvent;
import dev.hookline.core.inbound.InboundDialect;
import dev.hookline.core.inbound.InboundDialects;
import dev.hookline.core.inbound.InboundRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every parser of untrusted input must do with any bytes at all: return events that Hookline can store and read
 * back unchanged, or refuse with an {@link EventFormatException} (a 400 with a message). Any other exception, a hang
 * or an OutOfMemoryError is a finding. Callbacks are fuzzed whole: headers, query parameters and body, through the
 * signature check, the endpoint's dialect and {@code auto} recognition.
 */
public final class DialectFuzzing {

    private static final EventJson JSON = new EventJson();

    private DialectFuzzing() {
    }

    /** The receiving endpoint's Standard Webhooks secret in the fuzzed requests, and the time they are checked at. */
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final long NOW_SECONDS = 1_700_000_000L;
    static final long TOLERANCE_SECONDS = StandardWebhookSignature.DEFAULT_TOLERANCE_SECONDS;
    /** In a fuzzed webhook-signature header, stands for the request's valid signature, so that accepted ones are fuzzed too. */
    static final String VALID_SIGNATURE = "v1,SIGNED";

    /**
     * Handles {@code input} as a receiving endpoint does (see {@link FuzzedCallback} for how it is read as a request):
     * checks its Standard Webhooks signature, and parses it with the endpoint's dialect and with the one {@code auto}
     * recognises from its shape.
     */
    public static void parseCallback(InboundDialect dialect, String contentType, byte[] input) {
        parseCallback(dialect, contentType, Map.of(), input);
    }

    /**
     * As {@link #parseCallback(InboundDialect, String, byte[])}, for an endpoint configured with {@code parameters}
     * (FluidSurveys' {@code eventName}, say) when the input is a body alone; a whole request's parameters are its
     * query's, as on an endpoint without configuration.
     */
    public static void parseCallback(InboundDialect dialect, String contentType, Map<String, String> parameters,
            byte[] input) {
        handle(FuzzedCallback.decode(input, contentType, parameters), dialect);
    }

    /**
     * As {@link #parseCallback(InboundDialect, String, byte[])}, with headers a provider always sends (names in lower
     * case; such as GitHub's event name), added to the request's own where it has none of that name.
     */
    public static void parseCallback(InboundDialect dialect, String contentType, byte[] input, Map<String, String> headers) {
        InboundRequest decoded = FuzzedCallback.decode(input, contentType, Map.of());
        Map<String, String> merged = new HashMap<>(headers);
        merged.putAll(decoded.headers());
        handle(new InboundRequest(decoded.contentType(), decoded.body(), merged, decoded.parameters()), dialect);
    }

    private static void handle(InboundRequest request, InboundDialect dialect) {
        checkSignature(request);
        parseWith(request, dialect);
        InboundDialect recognised;
        try {
            recognised = InboundDialects.recognize(request);
        } catch (EventFormatException refused) {
            assertThat(refused.getMessage()).as("a refusal says what is wrong").isNotBlank();
            return;
        }
        parseWith(request, recognised);
    }

    /** The dialect's answer to a challenge, or its events: each acceptable, or a refusal with a message. */
    private static void parseWith(InboundRequest request, InboundDialect dialect) {
        List<WebhookEvent> events;
        try {
            if (dialect.reply(request).isPresent()) {
                return;
            }
            events = dialect.parse(request);
            for (WebhookEvent e : events) {
                EventJson.validate(e);
            }
        } catch (EventFormatException refused) {
            assertThat(refused.getMessage()).as("a refusal says what is wrong").isNotBlank();
            return;
        }
        for (WebhookEvent e : events) {
            roundTrip(e);
        }
    }

    /**
     * A signature check accepts exactly the requests with a webhook-id, a timestamp within the tolerance of now and,
     * among the signatures sent, the valid one; it refuses any other with a reason.
     */
    static void checkSignature(InboundRequest request) {
        String id = request.header("webhook-id");
        String timestamp = request.header("webhook-timestamp");
        String signatures = request.header("webhook-signature");
        Long ts = epochSeconds(timestamp);
        if (signatures != null && signatures.contains(VALID_SIGNATURE) && id != null && ts != null) {
            signatures = signatures.replace(VALID_SIGNATURE, StandardWebhookSignature.sign(SECRET, id, ts, request.body()));
        }
        String why = StandardWebhookSignature.verify(SECRET, id, timestamp, signatures, request.body(), NOW_SECONDS,
                TOLERANCE_SECONDS);
        boolean valid = id != null && ts != null && signatures != null
                && BigInteger.valueOf(NOW_SECONDS).subtract(BigInteger.valueOf(ts)).abs()
                        .compareTo(BigInteger.valueOf(TOLERANCE_SECONDS)) <= 0
                && Arrays.asList(signatures.trim().split(" +")).contains(StandardWebhookSignature.sign(SECRET, id, ts, request.body()));
        if (valid) {
            assertThat(why).as("a valid signature (id %s, timestamp %s) is accepted", id, timestamp).isNull();
        } else {
            assertThat(why).as("an invalid signature (id %s, timestamp %s) is refused with a reason", id, timestamp).isNotBlank();
        }
    }

    private static Long epochSeconds(String timestamp) {
        try {
            return timestamp == null ? null : Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** An accepted event survives its trip through the broker (written as JSON, read back) unchanged. */
    public static void roundTrip(WebhookEvent event) {
        List<WebhookEvent> back = JSON.read(EventJson.writeWithRaw(event));
        assertThat(back).hasSize(1);
        WebhookEvent read = back.get(0);
        assertThat(read.id()).isEqualTo(event.id());
        assertThat(read.type()).isEqualTo(event.type());
        assertThat(read.occurredAt()).isEqualTo(event.occurredAt());
        JsonNode sent = StrictJson.mapper().valueToTree(event.data());
        JsonNode received = StrictJson.mapper().valueToTree(read.data());
        assertThat(sent.equals(SAME_NUMBER, received)).as("data %s read back as %s", sent, received).isTrue();
    }

    /** JSON numbers are equal when their values are (1.5e3 and 1500 are the same number). */
    private static final Comparator<JsonNode> SAME_NUMBER = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };
}
