package dev.hookline.routes.delivery;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * How large a value a JSONata transform gave would be written as JSON, measured without writing it and reading no
 * further than a limit: a lazy range of ten million numbers ({@code {"x": [1..10000000]}}) is found too large after
 * the limit's worth of it, instead of being written out as 88 MB of JSON per event.
 */
final class JsonSize {

    private JsonSize() {
    }

    /** Whether {@code value} written as JSON takes at most {@code maxChars} characters (read no further than that). */
    static boolean fits(Object value, long maxChars) {
        long chars = 0;
        Deque<Object> left = new ArrayDeque<>();
        left.push(value == null ? "null" : value);
        while (!left.isEmpty()) {
            Object v = left.pop();
            if (v instanceof Map<?, ?> map) {
                chars += 2;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    chars += String.valueOf(e.getKey()).length() + 4;
                    left.push(e.getValue() == null ? "null" : e.getValue());
                    if (chars > maxChars) {
                        return false;
                    }
                }
            } else if (v instanceof List<?> list) {
                chars += 2;
                for (Object item : list) {
                    chars += 1;
                    left.push(item == null ? "null" : item);
                    if (chars > maxChars || left.size() > maxChars) {
                        return false;
                    }
                }
            } else if (v instanceof CharSequence text) {
                chars += text.length() + 2;
            } else {
                chars += String.valueOf(v).length();
            }
            if (chars > maxChars) {
                return false;
            }
        }
        return true;
    }
}
