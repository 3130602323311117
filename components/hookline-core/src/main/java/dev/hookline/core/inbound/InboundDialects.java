package dev.hookline.core.inbound;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.EventFormatException;

/** The dialects on the classpath, by name, and recognition of a request's dialect from its shape. */
public final class InboundDialects {

    private static final String GENERIC = "standard";
    private static final Map<String, InboundDialect> LOADED = load();

    private InboundDialects() {
    }

    private static Map<String, InboundDialect> load() {
        Map<String, InboundDialect> dialects = new LinkedHashMap<>();
        for (InboundDialect d : ServiceLoader.load(InboundDialect.class, InboundDialects.class.getClassLoader())) {
            dialects.put(d.name(), d);
        }
        return Map.copyOf(dialects);
    }

    public static Map<String, InboundDialect> all() {
        return LOADED;
    }

    /** The named dialect, or {@code null} for {@code auto}. */
    public static InboundDialect named(String name) {
        if (name == null || name.equals("auto")) {
            return null;
        }
        InboundDialect d = LOADED.get(name);
        if (d == null) {
            throw new IllegalArgumentException("Unknown dialect '" + name + "'; available: " + String.join(", ", LOADED.keySet())
                    + " (add the connector module of a missing one)");
        }
        return d;
    }

    /**
     * The dialect whose signature headers the request carries, or {@code null}. Standard Webhooks' {@code webhook-*}
     * headers count last, as other schemes may send them besides their own.
     */
    public static InboundDialect signedBy(InboundRequest request) {
        for (InboundDialect d : LOADED.values()) {
            if (!d.name().equals(GENERIC) && d.signedBy(request)) {
                return d;
            }
        }
        InboundDialect generic = LOADED.get(GENERIC);
        return generic != null && generic.signedBy(request) ? generic : null;
    }

    /**
     * The dialect of a request: the one whose signature headers it carries, else the one whose shape it has.
     * Provider dialects with a distinctive envelope are tried first; the generic {@code standard} shape
     * ({@code {"type", ...}}) last.
     */
    public static InboundDialect recognize(InboundRequest request) {
        InboundDialect signed = signedBy(request);
        if (signed != null) {
            return signed;
        }
        JsonNode json = request.isJson() ? Payloads.json(request) : null;
        for (InboundDialect d : LOADED.values()) {
            if (!d.name().equals(GENERIC) && d.recognizes(request, json)) {
                return d;
            }
        }
        InboundDialect generic = LOADED.get(GENERIC);
        if (generic != null && generic.recognizes(request, json)) {
            return generic;
        }
        throw new EventFormatException("The payload has the shape of no known webhook dialect ("
                + String.join(", ", LOADED.keySet()) + ")", null);
    }
}
