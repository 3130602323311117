package dev.hookline.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook target on 127.0.0.1 that records every POST and answers with the status set for its path (200 otherwise).
 * Test POSTs (header {@code X-Hookline-Test}) are kept apart from deliveries.
 */
public final class RecordingSink implements AutoCloseable {

    /** One request the sink received, and the status it answered. */
    public record Delivery(String path, Headers headers, String body, long receivedAtMillis, int status) {
        /**
         * The event ids a POST carried, in every format: a JSON array of events with {@code id}s (standard), of
         * Momentum envelopes with {@code event_id}s, or one event per POST (its {@code webhook-id}).
         */
        public List<String> eventIds() {
            if (!body.startsWith("[")) {
                return List.of(headers.getFirst("webhook-id"));
            }
            try {
                List<String> ids = new ArrayList<>();
                for (JsonNode e : MAPPER.readTree(body)) {
                    JsonNode msys = e.get("msys");
                    ids.add(msys != null ? msys.elements().next().get("event_id").asText() : e.get("id").asText());
                }
                return ids;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Headers with lower-case names, as the Standard Webhooks library looks them up. */
        public Map<String, List<String>> lowerCaseHeaders() {
            Map<String, List<String>> out = new java.util.HashMap<>();
            headers.forEach((k, v) -> out.put(k.toLowerCase(java.util.Locale.ROOT), v));
            return out;
        }
    }

    /** A scripted answer: a status, when not null a Retry-After value, and how long to wait before answering. */
    public record Answer(int status, String retryAfter, long hangMillis) {
        public Answer(int status, String retryAfter) {
            this(status, retryAfter, 0);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final List<Delivery> probes = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> probeStatusByPath = new ConcurrentHashMap<>();
    private final Map<String, java.util.Queue<Answer>> scripted = new ConcurrentHashMap<>();
    private final Map<String, Long> hangMillisByPath = new ConcurrentHashMap<>();
    private final Map<String, Integer> statusByPath = new ConcurrentHashMap<>();
    private final Map<String, String> redirectByPath = new ConcurrentHashMap<>();
    private final Map<String, String> answerBodyByPath = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> inFlightByPath = new ConcurrentHashMap<>();
    private final Map<String, Integer> mostInFlightByPath = new ConcurrentHashMap<>();
    private volatile java.util.function.Consumer<String> answeredListener;

    public RecordingSink() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String delivered = null;
        try (InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            long received = System.currentTimeMillis();
            int status;
            String redirect = redirectByPath.get(path);
            if (redirect != null) {
                exchange.getResponseHeaders().add("Location", redirect);
                status = 302;
                ("true".equals(exchange.getRequestHeaders().getFirst("X-Hookline-Test")) ? probes : deliveries)
                        .add(new Delivery(path, exchange.getRequestHeaders(), body, received, status));
            } else if ("true".equals(exchange.getRequestHeaders().getFirst("X-Hookline-Test"))) {
                status = probeStatusByPath.getOrDefault(path, 200);
                probes.add(new Delivery(path, exchange.getRequestHeaders(), body, received, status));
            } else {
                delivered = path;
                int now = inFlightByPath.computeIfAbsent(path, k -> new java.util.concurrent.atomic.AtomicInteger())
                        .incrementAndGet();
                mostInFlightByPath.merge(path, now, Math::max);
                try {
                    status = answer(exchange, path, body, received);
                } finally {
                    inFlightByPath.get(path).decrementAndGet();
                }
            }
            String answer = answerBodyByPath.get(path);
            if (answer == null) {
                exchange.sendResponseHeaders(status, -1);
            } else {
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        } finally {
            exchange.close();
        }
        java.util.function.Consumer<String> listener = answeredListener;
        if (delivered != null && listener != null) {
            listener.accept(delivered);
        }
    }

    /** Waits and answers as set for the path; the delivery is recorded when it is answered. */
    private int answer(HttpExchange exchange, String path, String body, long received) {
        int status;
        Long hang = hangMillisByPath.get(path);
        if (hang != null) {
            try {
                Thread.sleep(hang);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        java.util.Queue<Answer> script = scripted.get(path);
        Answer next = script == null ? null : script.poll();
        if (next != null && next.hangMillis() > 0) {
            try {
                Thread.sleep(next.hangMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        status = next != null ? next.status() : statusByPath.getOrDefault(path, 200);
        if (next != null && next.retryAfter() != null) {
            exchange.getResponseHeaders().add("Retry-After", next.retryAfter());
        }
        deliveries.add(new Delivery(path, exchange.getRequestHeaders(), body, received, status));
        return status;
    }

    /**
     * Calls {@code listener} with the path, on the sink's thread, each time a delivery (not a test POST) has been
     * answered: its answer written and its exchange closed. {@code null} removes it.
     */
    public void onAnswered(java.util.function.Consumer<String> listener) {
        answeredListener = listener;
    }

    /** The most POSTs to a path the sink was answering at once (test POSTs not counted). */
    public int mostInFlight(String path) {
        return mostInFlightByPath.getOrDefault(path, 0);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public void respond(String path, int status) {
        statusByPath.put(path, status);
    }

    /** Answers the next POSTs to a path with these, in order, then as before. */
    public void script(String path, Answer... answers) {
        scripted.put(path, new java.util.concurrent.ConcurrentLinkedQueue<>(List.of(answers)));
    }

    /** Makes every delivery to a path wait this long before it is answered. */
    public void hang(String path, long millis) {
        hangMillisByPath.put(path, millis);
    }

    /** Answers every request to a path with this body (as HTML), whatever its status. */
    public void answerBody(String path, String body) {
        answerBodyByPath.put(path, body);
    }

    /** Answers every request to a path (test POSTs too) with 302 to {@code location}. */
    public void redirect(String path, String location) {
        redirectByPath.put(path, location);
    }

    /** Sets the answer to a webhook's test POST (sent when it is created or its target changes). */
    public void respondToProbe(String path, int status) {
        probeStatusByPath.put(path, status);
    }

    public List<Delivery> probes(String path) {
        return probes.stream().filter(d -> d.path().equals(path)).toList();
    }

    public List<Delivery> deliveries(String path) {
        return deliveries.stream().filter(d -> d.path().equals(path)).toList();
    }

    /** Event ids delivered to a path with a 2xx answer, in arrival order. */
    public List<String> deliveredIds(String path) {
        return deliveries(path).stream().filter(d -> d.status() >= 200 && d.status() < 300)
                .flatMap(d -> d.eventIds().stream()).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
