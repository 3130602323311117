package dev.hookline.server;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.EventIdConflictException;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * An event id names one event within its source: sent again with the same content it is a duplicate (acknowledged,
 * delivered once); with other content it is refused at every door, never acknowledged and dropped: 409 over HTTP,
 * an {@link EventIdConflictException} from {@code hookline:publish}, the quarantine from JMS. The same id from another
 * source is another event.
 */
@SpringBootTest(classes = HooklineServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = { "hookline.api-key=" + ServerTestSupport.API_KEY, "hookline.security.allow-private-targets=true",
                        "hookline.delivery.poll-interval=100ms", "hookline.broker.producer-user=ids-producer",
                        "hookline.broker.producer-password=ids-producer-password-7Kw2" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class EventIdConflictTest extends ServerTestSupport {

    private static final int BROKER_PORT = freePort();

    @Autowired
    ConnectionFactory hooklineConnectionFactory;

    @Autowired
    ProducerTemplate template;

    @DynamicPropertySource
    static void brokerPort(DynamicPropertyRegistry registry) {
        registry.add("hookline.broker.port", () -> BROKER_PORT);
    }

    @Test
    void anIdSentAgainWithOtherContentIsRefusedAtEveryDoorAndNeverDropped() throws Exception {
        createWebhook("ids", "/ids", List.of("order"), null, Map.of("max_wait", 1));
        drainQuarantine(hooklineConnectionFactory);

        assertThat(post("/api/v1/events", order("dup-1", null, 1)).statusCode()).isEqualTo(202);
        assertThat(post("/api/v1/events", order("dup-1", null, 1)).statusCode()).as("a duplicate").isEqualTo(202);
        HttpResponse<String> conflict = post("/api/v1/events", order("dup-1", null, 2));
        assertError(conflict, 409, "Event id 'dup-1' was already received with different content");
        assertThat(post("/api/v1/events", order("dup-1", "shop-2", 2)).statusCode()).as("another source").isEqualTo(202);
        HttpResponse<String> partly = post("/api/v1/events", "[" + order("new-1", null, 1) + "," + order("dup-1", null, 3) + "]");
        assertError(partly, 409, "Event id 'dup-1'");

        assertThatThrownBy(() -> template.sendBody("hookline:publish", Map.of("type", "order", "id", "dup-1",
                "data", Map.of("v", 4)))).isInstanceOf(CamelExecutionException.class)
                .hasCauseInstanceOf(EventIdConflictException.class).hasRootCauseMessage(
                        "Event id 'dup-1' was already received with different content; an id names one event, so this one "
                                + "is refused");

        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + BROKER_PORT,
                "ids-producer", "ids-producer-password-7Kw2"); Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("hookline.events"));
            p.setDeliveryMode(DeliveryMode.PERSISTENT);
            p.send(s.createTextMessage(order("dup-1", null, 5)));
            p.send(s.createTextMessage(order("dup-1", null, 1)));
            p.send(s.createTextMessage(order("last", null, 6)));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> sink.deliveredIds("/ids").contains("last"));
        Thread.sleep(2000); // a batch completes after 1 s: anything wrongly delivered would have arrived
        assertThat(delivered()).as("each event once, with the content it was first accepted with")
                .containsExactly("dup-1=1", "dup-1=2", "last=6");
        assertThat(drainQuarantine(hooklineConnectionFactory)).extracting(Quarantined::reason).satisfiesExactly(
                reason -> assertThat(reason).contains("Event id 'dup-1' was already received with different content"),
                reason -> assertThat(reason).contains("Event id 'dup-1'"),
                reason -> assertThat(reason).contains("Event id 'dup-1' was already received with different content"));
    }

    /** What the sink got, as id=v, in order (Momentum envelopes carry the event's data beside its id). */
    private List<String> delivered() throws Exception {
        List<String> out = new ArrayList<>();
        for (RecordingSink.Delivery d : sink.deliveries("/ids")) {
            for (JsonNode e : JSON.readTree(d.body())) {
                JsonNode event = e.get("msys").elements().next();
                out.add(event.get("event_id").asText() + "=" + event.get("v").asText());
            }
        }
        return out;
    }

    private static String order(String id, String source, int v) {
        return "{\"type\":\"order\",\"id\":\"" + id + "\"" + (source == null ? "" : ",\"source\":\"" + source + "\"")
                + ",\"data\":{\"v\":" + v + "}}";
    }

}
