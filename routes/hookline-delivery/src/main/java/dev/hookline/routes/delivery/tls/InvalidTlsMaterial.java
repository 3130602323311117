package dev.hookline.routes.delivery.tls;

/** A certificate, key or CA that cannot be used, with a message saying what is wrong and the field it was in. */
public final class InvalidTlsMaterial extends IllegalArgumentException {

    private final String field;

    InvalidTlsMaterial(String message, String field) {
        super(message, null);
        this.field = field;
    }

    /** The request field at fault, such as {@code target_tls.client_key}. */
    public String field() {
        return field;
    }
}
