package dev.hookline.camel;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads the body of a Vert.x request that platform-http handed over unread ({@code useBodyHandler=false}: the request,
 * paused, is the message body). Chunks are collected as they come, and reading stops as soon as they exceed the limit,
 * so that an oversized callback is refused without being held in memory. Only loaded when Vert.x is on the classpath.
 */
final class VertxRequestBody {

    private VertxRequestBody() {
    }

    static boolean isRequest(Object body) {
        return body instanceof HttpServerRequest;
    }

    /**
     * Called on a worker thread (platform-http runs the consumer off the event loop), which it blocks until the end:
     * only for a request no {@link VertxCallbackConsumer} read first.
     */
    static byte[] read(Object body, long maxBytes, long timeoutMillis) {
        HttpServerRequest request = (HttpServerRequest) body;
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        Buffer collected = Buffer.buffer();
        try {
            listen(request, collected, done, maxBytes);
        } catch (IllegalStateException ended) {
            // the request ended before the receiver could listen: nothing is left to read, and an empty body is refused
            return new byte[0];
        }
        try {
            return done.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ReceiveRejection r) {
                throw r;
            }
            throw new ReceiveRejection(400, "The body could not be read: " + e.getCause().getMessage(), false);
        } catch (TimeoutException e) {
            throw new ReceiveRejection(408, "The body did not arrive within " + timeoutMillis + " ms", false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReceiveRejection(503, "The receiver is stopping; retry later", false);
        }
    }

    private static void listen(HttpServerRequest request, Buffer collected, CompletableFuture<byte[]> done,
            long maxBytes) {
        if (request.isEnded()) {
            throw new IllegalStateException("ended");
        }
        request.exceptionHandler(done::completeExceptionally);
        request.handler(chunk -> {
            if (done.isDone()) {
                return;
            }
            if (collected.length() + (long) chunk.length() > maxBytes) {
                done.completeExceptionally(new ReceiveRejection(413, "The body is larger than " + maxBytes + " bytes",
                        false));
                return;
            }
            collected.appendBuffer(chunk);
        });
        request.endHandler(v -> done.complete(collected.getBytes()));
        request.resume();
    }
}
