package dev.hookline.camel;

import org.apache.camel.Message;

/**
 * A callback's body exactly as the provider sent it: the bytes its signature covers, whatever the content type. The
 * receive endpoint asks platform-http not to parse forms and, on Vert.x, not to read the body at all: Vert.x's body
 * handling turns a form-encoded body into form fields and leaves no raw bytes behind. There the body is read here, from
 * the request itself, up to the endpoint's size limit.
 */
final class RawRequestBody {

    /** How long a request's body may take to arrive once its headers are in. */
    static final long READ_TIMEOUT_MILLIS = 30_000;

    private static final boolean VERTX = present("io.vertx.core.http.HttpServerRequest");

    private RawRequestBody() {
    }

    /**
     * The raw body of the callback in {@code in}, empty when there is none.
     *
     * @throws ReceiveRejection 413 when it is larger than {@code maxBytes}, 408 when it does not arrive in time
     */
    static byte[] of(Message in, long maxBytes) {
        Object body = in.getBody();
        if (body instanceof ReceiveRejection refused) {
            throw refused; // the HTTP server refused the body while reading it
        }
        if (VERTX && VertxRequestBody.isRequest(body)) {
            return VertxRequestBody.read(body, maxBytes, READ_TIMEOUT_MILLIS);
        }
        byte[] bytes = in.getBody(byte[].class);
        return bytes == null ? new byte[0] : bytes;
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, RawRequestBody.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
