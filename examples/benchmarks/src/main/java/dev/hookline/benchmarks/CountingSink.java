package dev.hookline.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The minimal webhook target of the benchmarks, on 127.0.0.1: reads each body, counts its events from Hookline's
 * {@code X-Hookline-Event-Count} header, remembers when the last one arrived, and answers 200.
 */
final class CountingSink implements AutoCloseable {

    /** What one path received. */
    static final class Tally {
        final AtomicLong events = new AtomicLong();
        final AtomicLong posts = new AtomicLong();
        volatile long lastNanos;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(32);
    private final Map<String, Tally> tallies = new ConcurrentHashMap<>();

    CountingSink() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStreamSink.INSTANCE);
            String count = exchange.getRequestHeaders().getFirst("X-Hookline-Event-Count");
            Tally t = tally(exchange.getRequestURI().getPath());
            t.events.addAndGet(count == null ? 0 : Long.parseLong(count));
            t.posts.incrementAndGet();
            t.lastNanos = System.nanoTime();
            exchange.sendResponseHeaders(200, -1);
        } finally {
            exchange.close();
        }
    }

    Tally tally(String path) {
        return tallies.computeIfAbsent(path, p -> new Tally());
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
