package dev.hookline.core;

/**
 * An event (or a request carrying events) is not acceptable. The message says what is wrong in words a sender can act
 * on; {@link #field()} names the offending field where there is one. Never carries a stack trace to the sender.
 */
public class EventFormatException extends RuntimeException {

    private final String field;
    private final boolean tooLarge;

    public EventFormatException(String message, String field) {
        this(message, field, false);
    }

    private EventFormatException(String message, String field, boolean tooLarge) {
        super(message, null, false, false);
        this.field = field;
        this.tooLarge = tooLarge;
    }

    public static EventFormatException tooLarge(String message) {
        return new EventFormatException(message, null, true);
    }

    /** The JSON field at fault (such as {@code [3].type}), or {@code null} when the whole document is. */
    public String field() {
        return field;
    }

    /** True when the problem is size, which HTTP doors answer with 413 rather than 400. */
    public boolean isTooLarge() {
        return tooLarge;
    }
}
