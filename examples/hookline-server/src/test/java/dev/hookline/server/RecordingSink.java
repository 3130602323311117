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

    /** One request the sink received. */
    public record Delivery(String path, Headers headers, String body, long receivedAtMillis) {
        public List<String> eventIds() {
            try {
                List<String> ids = new ArrayList<>();
                for (JsonNode e : MAPPER.readTree(body)) {
                    ids.add(e.get("id").asText());
                }
                return ids;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final List<Delivery> probes = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> probeStatusByPath = new ConcurrentHashMap<>();
    private final Map<String, Integer> statusByPath = new ConcurrentHashMap<>();

    public RecordingSink() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            Delivery d = new Delivery(path, exchange.getRequestHeaders(), body, System.currentTimeMillis());
            int status;
            if ("true".equals(exchange.getRequestHeaders().getFirst("X-Hookline-Test"))) {
                probes.add(d);
                status = probeStatusByPath.getOrDefault(path, 200);
            } else {
                deliveries.add(d);
                status = statusByPath.getOrDefault(path, 200);
            }
            exchange.sendResponseHeaders(status, -1);
        } finally {
            exchange.close();
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public void respond(String path, int status) {
        statusByPath.put(path, status);
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
        return deliveries(path).stream().flatMap(d -> d.eventIds().stream()).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
