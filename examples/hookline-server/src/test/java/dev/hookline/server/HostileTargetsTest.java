package dev.hookline.server;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhook targets are other people's servers. Here, in one server process at {@code -Xmx512m}, they misbehave all at
 * once while two healthy subscriptions go on receiving events: 200 targets that never answer (retried every 1–2 s),
 * 16 that answer 200 with a 2 GiB body, 4 that send one header line without end, 20 that trickle a terabyte error
 * answer a byte every half second, one that sends a header line every 2 s, one that answers each POST of a per-event
 * format after 4 s, and 20 subscriptions whose paths never answer on the host and port of one healthy subscription.
 * None of them may stop, delay, duplicate or lose anyone's events: no OutOfMemoryError, no POST longer than the 6 s
 * timeout plus 1 s, each slow event POSTed once, every healthy event delivered within seconds, a trickling target's
 * connections closed at the deadline (its later attempts get through), and the server healthy at the end.
 */
class HostileTargetsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "hostile-targets-key";
    private static final int HANGING = 200;
    private static final int GIGABYTE = 16;
    private static final int ENDLESS = 4;
    private static final int TRICKLE = 20;
    private static final int SHARED_HANGING = 20;
    private static final int HEALTHY_EVENTS = 25;
    private static final int SLOW_EVENTS = 8;
    private static final long TIMEOUT_MS = 6_000;
    /** A healthy event waits up to its batch's max-wait (1 s); beyond this, something held it up. */
    private static final long HEALTHY_LATENCY_BOUND_MS = 5_000;

    private ServerApi api;

    @Test
    void noTargetCanStopDelayDuplicateOrDropAnotherSubscriptionsEvents() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "hostile-targets-" + UUID.randomUUID()));
        List<HostileTarget> targets = new ArrayList<>();
        try (ServerProcess process = new ServerProcess(dir, List.of(
                "--hookline.data-dir=" + dir.resolve("data").toAbsolutePath(),
                "--hookline.api-key=" + KEY,
                "--hookline.security.allow-private-targets=true",
                "--hookline.broker.port=-1",
                "--hookline.delivery.timeout=" + TIMEOUT_MS + "ms",
                "--hookline.delivery.poll-interval=100ms",
                "--hookline.delivery.initial-delay=1s",
                "--hookline.delivery.max-delay=2s",
                "--logging.level.root=WARN"))) {
            api = new ServerApi(process, KEY);
            process.start();

            Map<String, String> hanging = new LinkedHashMap<>();
            for (int i = 0; i < HANGING; i++) {
                hanging.put(subscribe(target(targets, HostileTarget.Behaviour.HANG), "hang", "standard"), "hang");
            }
            List<String> gigabyte = new ArrayList<>();
            List<HostileTarget> gigabyteTargets = new ArrayList<>();
            for (int i = 0; i < GIGABYTE; i++) {
                HostileTarget t = target(targets, HostileTarget.Behaviour.GIGABYTE_200);
                gigabyteTargets.add(t);
                gigabyte.add(subscribe(t, "giga", "standard"));
            }
            List<String> endless = new ArrayList<>();
            for (int i = 0; i < ENDLESS; i++) {
                endless.add(subscribe(target(targets, HostileTarget.Behaviour.ENDLESS_HEADER), "endless", "standard"));
            }
            List<HostileTarget> trickleTargets = new ArrayList<>();
            for (int i = 0; i < TRICKLE; i++) {
                HostileTarget t = target(targets, HostileTarget.Behaviour.TRICKLE_500);
                trickleTargets.add(t);
                subscribe(t, "trickle", "standard");
            }
            HostileTarget shared = new HostileTarget(path -> path.startsWith("/shared-healthy")
                    ? HostileTarget.Behaviour.OK : HostileTarget.Behaviour.HANG);
            targets.add(shared);
            for (int i = 0; i < SHARED_HANGING; i++) {
                hanging.put(subscribe(shared, "/shared-hang-" + i, "shared-hang", "standard"), "shared-hang");
            }
            String sharedHealthyId = subscribe(shared, "/shared-healthy", "shared-healthy", "standard");
            HostileTarget drip = target(targets, HostileTarget.Behaviour.DRIP_HEADERS);
            String dripId = subscribe(drip, "drip", "standard");
            HostileTarget slow = target(targets, HostileTarget.Behaviour.SLOW_200);
            String slowId = subscribe(slow, "slow", "mozes");
            HostileTarget healthy = target(targets, HostileTarget.Behaviour.OK);
            String healthyId = subscribe(healthy, "healthy", "standard");

            publish("[{\"type\":\"hang\"},{\"type\":\"drip\"},{\"type\":\"endless\"},{\"type\":\"trickle\"},"
                    + "{\"type\":\"shared-hang\"}]");
            StringBuilder slowEvents = new StringBuilder("[");
            for (int i = 0; i < SLOW_EVENTS; i++) {
                slowEvents.append(i == 0 ? "" : ",").append("{\"type\":\"slow\",\"id\":\"slow-").append(i).append("\"}");
            }
            publish(slowEvents.append("]").toString());
            Map<String, Long> published = new ConcurrentHashMap<>();
            for (int i = 0; i < HEALTHY_EVENTS; i++) {
                String id = "healthy-" + i;
                published.put(id, System.currentTimeMillis());
                publish("[{\"type\":\"healthy\",\"id\":\"" + id + "\"},{\"type\":\"shared-healthy\",\"id\":\"s" + id
                        + "\"},{\"type\":\"giga\"}]");
                if (i % 5 == 4) {
                    publish("{\"type\":\"hang\"}"); // more batches behind the ones that hang
                }
                Thread.sleep(1_000);
            }

            Map<String, Long> arrived = new HashMap<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                arrived.clear();
                List<HostileTarget.Post> posts = new ArrayList<>(healthy.posts());
                shared.posts().stream().filter(p -> p.path().equals("/shared-healthy")).forEach(posts::add);
                for (HostileTarget.Post post : posts) {
                    for (JsonNode event : JSON.readTree(post.body())) {
                        arrived.putIfAbsent(event.get("id").asText(), post.receivedAtMillis());
                    }
                }
                return arrived.size() == 2 * HEALTHY_EVENTS && slow.posts().size() >= SLOW_EVENTS;
            });
            Thread.sleep(2 * TIMEOUT_MS); // let the dripping target's attempts pile up

            assertThat(Files.readString(dir.resolve("server-1.log"))).as("the server's log").doesNotContain("OutOfMemoryError");

            List<Long> latencies = new ArrayList<>();
            for (Map.Entry<String, Long> e : published.entrySet()) {
                latencies.add(arrived.get(e.getKey()) - e.getValue());
                latencies.add(arrived.get("s" + e.getKey()) - e.getValue());
            }
            assertThat(latencies).as("publish to arrival of each healthy event, ms (on its own host, then on the host "
                    + "of 20 hanging subscriptions)").allSatisfy(l -> assertThat(l).isLessThanOrEqualTo(HEALTHY_LATENCY_BOUND_MS));
            assertThat(shared.posts()).filteredOn(p -> p.path().equals("/shared-healthy"))
                    .extracting(HostileTarget.Post::webhookId).doesNotHaveDuplicates();
            for (HostileTarget t : trickleTargets) {
                assertThat(t.posts()).as("a trickling target's connections are closed at the deadline: its retries get "
                        + "through instead of waiting for a connection").hasSizeGreaterThan(2);
            }
            for (String id : endless) {
                assertThat(attempts(id)).as("an endless header line is refused, not read").isNotEmpty()
                        .allSatisfy(a -> assertThat(a.get("response").asText()).startsWith("too large"));
            }
            assertThat(healthy.posts()).as("the healthy target received each batch once").extracting(HostileTarget.Post::webhookId)
                    .doesNotHaveDuplicates();

            assertThat(slow.posts()).as("each slow event POSTed exactly once, in order").extracting(HostileTarget.Post::webhookId)
                    .containsExactly("slow-0", "slow-1", "slow-2", "slow-3", "slow-4", "slow-5", "slow-6", "slow-7");
            await().atMost(Duration.ofSeconds(20)).until(() -> attempts(slowId).size() == SLOW_EVENTS);
            assertThat(attempts(slowId)).as("one attempt per event, each delivered")
                    .allSatisfy(a -> assertThat(a.get("outcome").asText()).isEqualTo("delivered"));

            assertThat(attempts(dripId)).as("the dripping target: every attempt cut at the deadline").hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(a -> {
                        assertThat(a.get("outcome").asText()).isEqualTo("failed");
                        assertThat(a.get("response").asText()).startsWith("timeout");
                    });
            for (String giga : gigabyte) {
                assertThat(attempts(giga)).as("2 GiB answers: delivered by their status, the body not read")
                        .isNotEmpty().anySatisfy(a -> assertThat(a.get("outcome").asText()).isEqualTo("delivered"));
            }

            List<String> all = new ArrayList<>(hanging.keySet());
            all.addAll(gigabyte);
            all.addAll(endless);
            all.addAll(List.of(dripId, slowId, healthyId, sharedHealthyId));
            int counted = 0;
            for (String id : all) {
                for (JsonNode attempt : attempts(id)) {
                    counted++;
                    assertThat(attempt.get("latency_ms").asLong()).as("POST duration of %s", attempt)
                            .isLessThanOrEqualTo(TIMEOUT_MS + 1_000);
                }
            }
            assertThat(counted).as("attempts checked").isGreaterThan(HANGING * 2);

            JsonNode health = JSON.readTree(api.get("/actuator/health").body());
            assertThat(health.at("/status").asText()).as(health.toString()).isEqualTo("UP");
            assertThat(health.at("/components/hooklineDelivery/status").asText()).isEqualTo("UP");
        } finally {
            for (HostileTarget t : targets) {
                t.close();
            }
        }
    }

    private static HostileTarget target(List<HostileTarget> all, HostileTarget.Behaviour behaviour) throws Exception {
        HostileTarget t = new HostileTarget(behaviour);
        all.add(t);
        return t;
    }

    private String subscribe(HostileTarget target, String type, String format) throws Exception {
        return subscribe(target, "/" + type, type, format);
    }

    private String subscribe(HostileTarget target, String path, String type, String format) throws Exception {
        String body = JSON.writeValueAsString(Map.of("name", type, "target", target.url(path),
                "events", List.of(type), "format", format, "batch", Map.of("max_wait", 1)));
        HttpResponse<String> r = api.send("POST", "/api/v1/webhooks", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).at("/results/id").asText();
    }

    private void publish(String events) throws Exception {
        HttpResponse<String> r = api.send("POST", "/api/v1/events", events);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    private List<JsonNode> attempts(String subscriptionId) throws Exception {
        return api.results("/api/v1/webhooks/" + subscriptionId + "/attempts?limit=500");
    }

}
