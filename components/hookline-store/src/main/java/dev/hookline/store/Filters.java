package dev.hookline.store;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Equality filters on event data. A filter names a field of the event's {@code data} (dots reach into nested objects:
 * {@code contact.email}) and the value it must have; values compare as text, so {@code "survey": "12"} matches the
 * number 12 as well as the string.
 */
public final class Filters {

    private Filters() {
    }

    static Object lookup(Map<String, Object> data, String path) {
        Object current = data;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }

    /** The text a scalar compares as; numbers without trailing zeros, so 12, 12.0 and "12" are alike. */
    public static String text(Object value) {
        if (value instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue()).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }
}
