package dev.hookline.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server on its default logging (INFO): an event published, fanned out and delivered through the embedded broker
 * leaves no line of the broker's audit loggers in the log, which would otherwise print every message sent, delivered
 * and acknowledged.
 */
@SpringBootTest(classes = HooklineServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {
                        "hookline.api-key=" + ServerTestSupport.API_KEY,
                        "hookline.security.allow-private-targets=true",
                        "hookline.broker.port=-1",
                        "hookline.delivery.poll-interval=100ms" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class BrokerAuditLogTest extends ServerTestSupport {

    @Test
    void messagesThroughTheEmbeddedBrokerAreNotLoggedOneByOne(CapturedOutput output) throws Exception {
        createWebhook("audit", "/audit", List.of("audited"), null, Map.of("max_wait", 1));
        assertThat(post("/api/v1/events", "{\"type\":\"audited\",\"id\":\"a-1\"}").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> sink.deliveredIds("/audit").contains("a-1"));
        assertThat(output.getOut()).as("the server's log at INFO").contains("Started BrokerAuditLogTest")
                .doesNotContain("org.apache.activemq.audit").doesNotContain("AMQ6015");
    }
}
