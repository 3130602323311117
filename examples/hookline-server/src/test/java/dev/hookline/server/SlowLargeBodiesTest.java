package dev.hookline.server;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Senders of large bodies that send them slowly: two connections declare a megabyte each (together the whole budget
 * of large bodies, 2 MiB here) and then send a byte a second. Holding the budget for bytes not sent yet, they locked
 * every other large request out (503 after a 2 s wait each) for as long as they kept dripping. A body holds the budget
 * only for what has arrived, and one arriving slower than the door's minimum rate is refused, so another producer's
 * large event is taken meanwhile and, once the slow senders are answered 408, the whole budget is back.
 */
@SpringBootTest(classes = HooklineServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {
                        "hookline.api-key=" + ServerTestSupport.API_KEY,
                        "hookline.security.allow-private-targets=true",
                        "hookline.broker.port=-1",
                        "hookline.delivery.poll-interval=100ms",
                        "hookline.ingest.max-body-in-flight=2097152" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SlowLargeBodiesTest extends ServerTestSupport {

    private static final int DECLARED = 1_040_000;

    @Test
    void slowSendersOfLargeBodiesDoNotLockOtherLargeProducersOut() throws Exception {
        createWebhook("slow", "/slow", List.of("large"), null, java.util.Map.of("max_wait", 1));
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                Socket socket = new Socket("127.0.0.1", port);
                socket.getOutputStream().write(("POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                        + API_KEY + "\r\nContent-Type: application/json\r\nContent-Length: " + DECLARED + "\r\n\r\n[")
                        .getBytes(StandardCharsets.ISO_8859_1));
                slow.add(socket);
            }
            long end = System.currentTimeMillis() + 40_000;
            List<Integer> statuses = new ArrayList<>();
            List<String> accepted = new ArrayList<>();
            for (int second = 0; System.currentTimeMillis() < end; second++) {
                for (Socket socket : slow) {
                    try {
                        OutputStream out = socket.getOutputStream();
                        out.write(' ');
                        out.flush();
                    } catch (java.io.IOException closed) {
                        // refused and closed already
                    }
                }
                if (second % 5 == 2) {
                    HttpResponse<String> r = post("/api/v1/events", large("large-" + second));
                    statuses.add(r.statusCode());
                    if (r.statusCode() == 202) {
                        accepted.add("large-" + second);
                    }
                }
                Thread.sleep(1_000);
            }
            assertThat(statuses.subList(0, 2)).as("another producer's large events while the slow bodies drip (all: %s)",
                    statuses).containsOnly(202);
            for (Socket socket : slow) {
                socket.setSoTimeout(5_000);
                String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
                assertThat(answer).as("what a slow sender was told").isEqualTo("HTTP/1.1 408");
            }
            assertThat(statuses.get(statuses.size() - 1)).as("all: %s", statuses).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> sink.deliveredIds("/slow").containsAll(accepted));
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    private static String large(String id) {
        return "{\"type\":\"large\",\"id\":\"" + id + "\",\"data\":{\"x\":\"" + "x".repeat(500_000) + "\"}}";
    }
}
