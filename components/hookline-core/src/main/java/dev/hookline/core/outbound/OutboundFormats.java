package dev.hookline.core.outbound;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/** The outbound formats on the classpath, by name. */
public final class OutboundFormats {

    private static final Map<String, OutboundFormat> LOADED = load();

    private OutboundFormats() {
    }

    private static Map<String, OutboundFormat> load() {
        Map<String, OutboundFormat> formats = new LinkedHashMap<>();
        for (OutboundFormat f : ServiceLoader.load(OutboundFormat.class, OutboundFormats.class.getClassLoader())) {
            formats.put(f.name(), f);
        }
        return Map.copyOf(formats);
    }

    public static Map<String, OutboundFormat> all() {
        return LOADED;
    }

    /** The named format, or {@code null} when no connector on the classpath provides it. */
    public static OutboundFormat named(String name) {
        return LOADED.get(name);
    }
}
