package dev.hookline.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Producers are untrusted too. Here, in one server process at {@code -Xmx512m}, 24 of them post events of almost a
 * megabyte each (within every limit) as fast as they can for 30 s, to two subscriptions, while a polite producer posts
 * a small event four times a second (after each answer), to those two and to a subscriber of its own. Nobody may take
 * the server down or hold the polite producer up: no OutOfMemoryError, a large request is either accepted (202) or
 * asked to come back (503 with {@code Retry-After}), every accepted event reaches its subscriptions exactly once, every
 * polite event is answered within seconds and reaches its own subscriber within seconds (at the two others it waits its
 * turn behind the large ones, in order), and the server is healthy at the end.
 */
class HostileProducersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "hostile-producers-key";
    private static final int PRODUCERS = 24;
    private static final int DATA_CHARS = 990_000;
    private static final Duration ATTACK = Duration.ofSeconds(30);
    /**
     * A polite request shares two cores with two dozen senders of large ones and the work of storing them, so it is
     * answered more slowly than on a quiet machine, but it never waits for their turn.
     */
    private static final long POLITE_ANSWER_BOUND_MS = 5_000;
    /** A polite event waits up to its batch's max-wait (1 s); beyond this, the large ones held it up. */
    private static final long POLITE_LATENCY_BOUND_MS = 15_000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void producersOfLargeEventsCanNeitherExhaustTheServerNorHoldUpAnotherProducer() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "hostile-producers-" + UUID.randomUUID()));
        try (IdSink sink = new IdSink();
             ServerProcess process = new ServerProcess(dir, List.of(
                     "--hookline.data-dir=" + dir.resolve("data").toAbsolutePath(),
                     "--hookline.api-key=" + KEY,
                     "--hookline.security.allow-private-targets=true",
                     "--hookline.broker.port=-1",
                     "--hookline.delivery.poll-interval=100ms",
                     "--logging.level.root=WARN"))) {
            ServerApi api = new ServerApi(process, KEY);
            process.start();
            for (String name : List.of("a", "b", "polite")) {
                HttpResponse<String> r = api.send("POST", "/api/v1/webhooks", JSON.writeValueAsString(Map.of(
                        "name", name, "target", sink.url("/" + name),
                        "events", name.equals("polite") ? List.of("small") : List.of("big", "small"),
                        "format", "standard", "batch", Map.of("max_wait", 1))));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }

            Map<String, Long> politePublished = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<Long> politeAnswers = new ConcurrentLinkedQueue<>();
            List<String> accepted = new ArrayList<>();
            Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
            long end = System.nanoTime() + ATTACK.toNanos();
            ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS + 1);
            try {
                List<Future<List<String>>> producers = new ArrayList<>();
                String padding = "x".repeat(DATA_CHARS);
                for (int p = 0; p < PRODUCERS; p++) {
                    int producer = p;
                    producers.add(pool.submit(() -> {
                        List<String> ids = new ArrayList<>();
                        for (int i = 0; System.nanoTime() < end; i++) {
                            String id = "big-" + producer + "-" + i;
                            HttpResponse<String> r = publish(process, "[{\"type\":\"big\",\"id\":\"" + id
                                    + "\",\"data\":{\"x\":\"" + padding + "\"}}]");
                            statuses.computeIfAbsent(r.statusCode(), s -> new AtomicLong()).incrementAndGet();
                            if (r.statusCode() == 202) {
                                ids.add(id);
                            } else if (r.statusCode() != 503 || r.headers().firstValue("Retry-After").isEmpty()
                                    || !r.body().contains("retry")) {
                                unexpected.add(r.statusCode() + " " + r.headers().map() + " " + r.body());
                            }
                        }
                        return ids;
                    }));
                }
                Future<?> polite = pool.submit(() -> {
                    for (int i = 0; System.nanoTime() < end; i++) {
                        String id = "small-" + i;
                        long sent = System.currentTimeMillis();
                        HttpResponse<String> r = publish(process, "{\"type\":\"small\",\"id\":\"" + id + "\"}");
                        politeAnswers.add(System.currentTimeMillis() - sent);
                        if (r.statusCode() != 202) {
                            unexpected.add("polite: " + r.statusCode() + " " + r.body());
                        } else {
                            politePublished.put(id, sent);
                        }
                        Thread.sleep(250);
                    }
                    return null;
                });
                for (Future<List<String>> f : producers) {
                    accepted.addAll(f.get());
                }
                polite.get();
            } finally {
                pool.shutdownNow();
            }
            assertThat(unexpected).as("answers other than 202, or 503 with Retry-After for a large request").isEmpty();
            assertThat(accepted).as("large events accepted (answers: %s)", statuses).hasSizeGreaterThan(100);
            List<Long> answers = politeAnswers.stream().sorted().toList();
            System.out.printf("large requests: %s; polite requests: %d, answered in median %d ms, at most %d ms%n",
                    statuses, answers.size(), answers.get(answers.size() / 2), answers.get(answers.size() - 1));
            assertThat(answers).as("how long each polite publish took to be answered, ms")
                    .allSatisfy(ms -> assertThat(ms).isLessThanOrEqualTo(POLITE_ANSWER_BOUND_MS));

            List<String> expected = new ArrayList<>(accepted);
            expected.addAll(politePublished.keySet());
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> sink.ids("/a").size() >= expected.size() && sink.ids("/b").size() >= expected.size()
                            && sink.ids("/polite").size() >= politePublished.size());
            Thread.sleep(2_000); // anything that would wrongly come again
            for (String path : List.of("/a", "/b")) {
                assertThat(sink.ids(path)).as("events at %s", path).doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(expected);
            }
            assertThat(sink.ids("/polite")).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(politePublished.keySet());
            List<Long> latencies = politePublished.entrySet().stream()
                    .map(e -> sink.arrival("/polite", e.getKey()) - e.getValue()).sorted().toList();
            System.out.printf("polite events: publish to arrival at their own subscriber, median %d ms, at most %d ms%n",
                    latencies.get(latencies.size() / 2), latencies.get(latencies.size() - 1));
            assertThat(latencies).as("publish to arrival of each polite event at its own subscriber, ms")
                    .allSatisfy(l -> assertThat(l).isLessThanOrEqualTo(POLITE_LATENCY_BOUND_MS));

            assertThat(Files.readString(process.log())).as("the server's log").doesNotContain("OutOfMemoryError");
            String health = api.get("/actuator/health").body();
            assertThat(JSON.readTree(health).at("/status").asText()).as(health).isEqualTo("UP");
        }
    }

    private HttpResponse<String> publish(ServerProcess process, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(process.url("/api/v1/events")))
                .timeout(Duration.ofSeconds(60)).header("Authorization", KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A target that keeps only the ids of the events it receives and when each first arrived: batches of megabyte
     * events are read as a stream, their data skipped.
     */
    private static final class IdSink implements AutoCloseable {
        private final JsonFactory factory = new JsonFactory();
        private final HttpServer server;
        private final Map<String, ConcurrentLinkedQueue<String>> ids = new ConcurrentHashMap<>();
        private final Map<String, Long> arrivals = new ConcurrentHashMap<>();

        IdSink() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            server.setExecutor(Executors.newFixedThreadPool(8));
            server.createContext("/", this::handle);
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        List<String> ids(String path) {
            return List.copyOf(ids.getOrDefault(path, new ConcurrentLinkedQueue<>()));
        }

        long arrival(String path, String id) {
            return arrivals.getOrDefault(path + " " + id, Long.MAX_VALUE / 2);
        }

        private void handle(HttpExchange exchange) throws IOException {
            String path = exchange.getRequestURI().getPath();
            List<String> received = new ArrayList<>();
            boolean test = exchange.getRequestHeaders().containsKey("X-Hookline-Test");
            try (InputStream in = exchange.getRequestBody(); JsonParser parser = factory.createParser(in)) {
                if (parser.nextToken() == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            String field = parser.currentName();
                            parser.nextToken();
                            if ("id".equals(field)) {
                                received.add(parser.getText());
                            } else {
                                parser.skipChildren();
                            }
                        }
                    }
                }
            }
            long now = System.currentTimeMillis();
            if (!test) {
                ConcurrentLinkedQueue<String> at = ids.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>());
                for (String id : received) {
                    at.add(id);
                    arrivals.putIfAbsent(path + " " + id, now);
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
