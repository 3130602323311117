package dev.hookline.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
        final AtomicLong firstNanos = new AtomicLong();
        volatile long lastNanos;
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(32);
    private final Map<String, Tally> tallies = new ConcurrentHashMap<>();
    private final Map<String, List<Arrival>> arrivals = new ConcurrentHashMap<>();

    /** One POST to a recorded path: when it arrived, and the sent_at of each of its events. */
    record Arrival(long receivedAtMillis, List<Long> sentAtMillis) {
    }

    CountingSink() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            List<Arrival> recorded = arrivals.get(exchange.getRequestURI().getPath());
            boolean probe = "true".equals(exchange.getRequestHeaders().getFirst("X-Hookline-Test"));
            if (recorded != null && !probe) {
                long now = System.currentTimeMillis();
                List<Long> sent = new ArrayList<>();
                for (JsonNode e : MAPPER.readTree(in)) {
                    sent.add(e.at("/data/sent_at").asLong());
                }
                recorded.add(new Arrival(now, sent));
            } else {
                in.transferTo(OutputStreamSink.INSTANCE);
            }
            String count = exchange.getRequestHeaders().getFirst("X-Hookline-Event-Count");
            Tally t = tally(exchange.getRequestURI().getPath());
            t.events.addAndGet(count == null ? 0 : Long.parseLong(count));
            if (count != null) {
                t.posts.incrementAndGet();
            }
            long now = System.nanoTime();
            t.firstNanos.compareAndSet(0, now);
            t.lastNanos = now;
            exchange.sendResponseHeaders(200, -1);
        } finally {
            exchange.close();
        }
    }

    /** Keeps, for this path, each POST's arrival time and its events' sent_at (standard format bodies). */
    void recordArrivals(String path) {
        arrivals.put(path, new CopyOnWriteArrayList<>());
    }

    List<Arrival> arrivals(String path) {
        return List.copyOf(arrivals.getOrDefault(path, List.of()));
    }

    Tally tally(String path) {
        return tallies.computeIfAbsent(path, p -> new Tally());
    }

    /** Waits until {@code path} has received {@code count} events; throws past {@code limit} or once the server died. */
    Tally await(String path, int count, Duration limit, ServerUnderTest server) throws InterruptedException {
        Tally tally = tally(path);
        long deadline = System.nanoTime() + limit.toNanos();
        while (tally.events.get() < count) {
            if (System.nanoTime() > deadline || !server.isAlive()) {
                throw new IllegalStateException(path + ": only " + tally.events.get() + " of " + count + " delivered");
            }
            Thread.sleep(5);
        }
        return tally;
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
