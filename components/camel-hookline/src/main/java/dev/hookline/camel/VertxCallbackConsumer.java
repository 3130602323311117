package dev.hookline.camel;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Vert.x's platform-http consumer, reading a callback's raw body on the event loop, without blocking, before the
 * request goes to a worker thread. Vert.x runs Camel's routes on a small worker pool (20 threads by default): a body
 * read there holds a worker until its last byte, so a few senders that send their headers and then stall (or drip)
 * would hold up every other callback. Here a stalled body holds only a timer, and the route gets the body's bytes, or
 * the {@link ReceiveRejection} (408 when it did not arrive in time, 413 as soon as it passed the limit) that
 * {@link RawRequestBody} answers with.
 *
 * <p>Vert.x's own body handling is not used because it parses a form-encoded body into fields and keeps no raw bytes,
 * which signatures need.
 */
final class VertxCallbackConsumer extends VertxPlatformHttpConsumer {

    private final long maxBytes;
    private final long timeoutMillis;

    private VertxCallbackConsumer(PlatformHttpEndpoint endpoint, Processor processor,
            List<Handler<RoutingContext>> handlers, String routerName, long maxBytes, long timeoutMillis) {
        super(endpoint, processor, handlers, routerName);
        this.maxBytes = maxBytes;
        this.timeoutMillis = timeoutMillis;
    }

    static boolean servesOn(PlatformHttpEngine engine) {
        return engine instanceof VertxPlatformHttpEngine;
    }

    /** The consumer the engine would create, with its handlers and router, reading bodies as described above. */
    static PlatformHttpConsumer create(PlatformHttpEndpoint endpoint, Processor processor, PlatformHttpEngine engine,
            long maxBytes, long timeoutMillis) {
        VertxPlatformHttpEngine vertx = (VertxPlatformHttpEngine) engine;
        List<Handler<RoutingContext>> handlers = vertx.getHandlers() == null ? new ArrayList<>()
                : new ArrayList<>(vertx.getHandlers());
        return new VertxCallbackConsumer(endpoint, processor, handlers,
                VertxPlatformHttpRouter.getRouterNameFromPort(vertx.getServerPort()), maxBytes, timeoutMillis);
    }

    @Override
    protected Future<Void> populateCamelMessage(RoutingContext ctx, Exchange exchange, Message message) {
        // headers as usual, and the request handed over paused and unread; then its body, read here
        return super.populateCamelMessage(ctx, exchange, message).compose(v -> readBody(ctx, message));
    }

    private Future<Void> readBody(RoutingContext ctx, Message message) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded()) {
            message.setBody(new byte[0]); // nothing left: the receiver refuses an empty body
            return Future.succeededFuture();
        }
        Promise<Void> read = Promise.promise();
        Buffer collected = Buffer.buffer();
        // every handler below runs on this request's event loop
        long timer = ctx.vertx().setTimer(timeoutMillis, t -> {
            message.setBody(new ReceiveRejection(408, "The body did not arrive within " + timeoutMillis + " ms", false));
            read.tryComplete();
        });
        request.exceptionHandler(e -> {
            // the sender went away: nothing to answer, nothing worth an error in the log
            ctx.vertx().cancelTimer(timer);
            message.setBody(new ReceiveRejection(400, "The connection closed before the body arrived", false));
            read.tryComplete();
        });
        request.handler(chunk -> {
            if (read.future().isComplete()) {
                return;
            }
            if (collected.length() + (long) chunk.length() > maxBytes) {
                ctx.vertx().cancelTimer(timer);
                message.setBody(new ReceiveRejection(413, "The body is larger than " + maxBytes + " bytes", false));
                read.tryComplete();
                return;
            }
            collected.appendBuffer(chunk);
        });
        request.endHandler(end -> {
            if (read.future().isComplete()) {
                return;
            }
            ctx.vertx().cancelTimer(timer);
            message.setBody(collected.getBytes());
            read.tryComplete();
        });
        request.resume();
        return read.future();
    }
}
