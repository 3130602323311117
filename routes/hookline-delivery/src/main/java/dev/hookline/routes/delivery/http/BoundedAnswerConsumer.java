package dev.hookline.routes.delivery.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Reads a target's answer without ever holding more than {@code limit} bytes of it: the status line and headers, and
 * the first {@code limit} bytes of the body. A longer body ends the exchange with {@link AnswerTooLarge}, which closes
 * the connection instead of reading the rest; nothing is decompressed (no {@code Accept-Encoding} is sent, and a body
 * encoded anyway is kept as the bytes that came).
 *
 * <p>Called by the HTTP client's I/O threads; {@link #cut()} may be called by the deadline's thread.
 */
final class BoundedAnswerConsumer implements AsyncResponseConsumer<BoundedAnswerConsumer.Answer> {

    /** What was read of an answer. */
    record Answer(HttpResponse response, byte[] body, boolean cut) {
    }

    /** Thrown to end an exchange whose answer is longer than the limit; the connection is then closed. */
    static final class AnswerTooLarge extends IOException {
        AnswerTooLarge(int limit) {
            super("the answer is larger than " + limit + " bytes; the rest was not read");
        }
    }

    private final int limit;
    private byte[] kept = new byte[512];
    private int size;
    private volatile boolean aborted;
    private volatile HttpResponse response;
    private FutureCallback<Answer> callback;

    BoundedAnswerConsumer(int limit) {
        this.limit = limit;
    }

    @Override
    public void consumeResponse(HttpResponse response, EntityDetails entityDetails, HttpContext context,
            FutureCallback<Answer> resultCallback) {
        this.response = response;
        this.callback = resultCallback;
        if (entityDetails == null) {
            resultCallback.completed(new Answer(response, new byte[0], false));
        }
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext context) {
        // 1xx: wait for the final answer
    }

    @Override
    public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
        capacityChannel.update(Integer.MAX_VALUE); // never more than the limit is kept: consume() refuses the rest
    }

    @Override
    public void consume(ByteBuffer src) throws IOException {
        if (aborted) {
            throw new IOException("the deadline passed; the rest of the answer is not read");
        }
        int n;
        synchronized (this) {
            n = Math.min(src.remaining(), limit - size);
            if (size + n > kept.length) {
                kept = Arrays.copyOf(kept, Math.min(limit, Math.max(size + n, kept.length * 2)));
            }
            src.get(kept, size, n);
            size += n;
        }
        if (src.hasRemaining()) {
            callback.completed(partialAnswer(true));
            throw new AnswerTooLarge(limit);
        }
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) {
        callback.completed(partialAnswer(false));
    }

    /**
     * The answer so far when its status line has come, else {@code null}: used when the deadline cuts it. From then
     * on, any more of the answer ends the exchange, which closes its connection (the client does not close a
     * connection whose exchange it was told to cancel once the answer's head has come).
     */
    Answer cut() {
        aborted = true;
        return response == null ? null : partialAnswer(true);
    }

    private synchronized Answer partialAnswer(boolean cut) {
        return new Answer(response, Arrays.copyOf(kept, size), cut);
    }

    @Override
    public void failed(Exception cause) {
        // the client fails the request's future with the same cause
    }

    @Override
    public void releaseResources() {
        // nothing held beyond the fixed buffer
    }
}
