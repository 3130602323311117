package dev.hookline.routes.api;

/** A request Hookline refuses, with the HTTP status and the words that tell the caller what to change. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String field;

    public ApiException(int status, String message, String field) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    public ApiException(int status, String message) {
        this(status, message, null);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }
}
