package dev.hookline.core;

import java.util.Locale;

/**
 * Which Content-Types are JSON: {@code application/json} and any {@code application/...+json}, parameters (a charset)
 * and case aside. One rule for every door that takes JSON, so that a body one door accepts is not refused by another.
 */
public final class JsonMediaTypes {

    /** The media type of form-encoded bodies. */
    public static final String FORM = "application/x-www-form-urlencoded";

    private JsonMediaTypes() {
    }

    /** The media type without parameters, in lower case; empty when there is none. */
    public static String base(String contentType) {
        return contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    /** True when the Content-Type names JSON. */
    public static boolean isJson(String contentType) {
        String t = base(contentType);
        return t.equals("application/json") || (t.startsWith("application/") && t.endsWith("+json"));
    }
}
