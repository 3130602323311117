package dev.hookline.core;

import java.util.regex.Pattern;

/**
 * The syntax of an event type, the same wherever a type is named: in an event, in a subscription's list of types.
 * A type starts with a letter or digit and holds only letters, digits and {@code _ . : -}, at most
 * {@value #MAX_LENGTH} characters, so that it can be matched exactly, used in URLs and headers, and logged as it is.
 */
public final class EventTypes {

    /** The longest event type. */
    public static final int MAX_LENGTH = 128;

    private static final Pattern SYNTAX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:\\-]*");

    private EventTypes() {
    }

    /** True when {@code type} follows the syntax, whatever its length. */
    public static boolean isWellFormed(String type) {
        return type != null && SYNTAX.matcher(type).matches();
    }

    /** True when {@code type} follows the syntax and is at most {@value #MAX_LENGTH} characters. */
    public static boolean isValid(String type) {
        return type != null && type.length() <= MAX_LENGTH && isWellFormed(type);
    }
}
