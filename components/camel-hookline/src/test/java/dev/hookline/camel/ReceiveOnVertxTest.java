package dev.hookline.camel;

import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.hookline.core.HooklineHeaders;
import dev.hookline.core.WebhookEvent;

import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumerAware;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * hookline:receive on Camel Main's own HTTP server (camel-platform-http-main: Vert.x), as Camel JBang runs it. Twilio
 * signs its form-encoded callbacks over the URL and the form fields, so the receiver needs the raw body, which Vert.x's
 * body handling would have parsed away: a signed callback is accepted and reaches the route in both modes, a forged one
 * gets 401, and a body over maxBodySize gets 413 without being kept in memory.
 */
class ReceiveOnVertxTest {

    private static final String AUTH_TOKEN = "12345678901234567890123456789012";

    private static EmbeddedActiveMQ broker;
    private static JmsPoolConnectionFactory pool;
    private static Main camel;
    private static int port;
    private static final List<WebhookEvent> RECEIVED = new CopyOnWriteArrayList<>();
    private static final List<String> RECEIVED_IDS = new CopyOnWriteArrayList<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(false).setSecurityEnabled(false).addAcceptorConfiguration("in-vm", "vm://16");
        broker = new EmbeddedActiveMQ().setConfiguration(config);
        broker.start();
        pool = new JmsPoolConnectionFactory();
        pool.setConnectionFactory(new ActiveMQConnectionFactory("vm://16"));
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        camel = new Main();
        camel.bind("hooklineConnectionFactory", pool);
        camel.addOverrideProperty("camel.server.enabled", "true");
        camel.addOverrideProperty("camel.server.host", "127.0.0.1");
        camel.addOverrideProperty("camel.server.port", Integer.toString(port));
        camel.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("hookline:receive:sms?dialect=twilio&secret=" + AUTH_TOKEN + "&publicUrl=" + url("/hooks/sms")
                     + "&maxBodySize=4096").routeId("sms")
                        .process(e -> {
                            RECEIVED.add(e.getMessage().getBody(WebhookEvent.class));
                            RECEIVED_IDS.add(e.getMessage().getHeader(HooklineHeaders.EVENT_ID, String.class));
                        });
                from("hookline:receive:calls?dialect=twilio&mode=sync&secret=" + AUTH_TOKEN + "&publicUrl="
                     + url("/hooks/calls")).routeId("calls")
                        .process(e -> RECEIVED.add(e.getMessage().getBody(WebhookEvent.class)));
            }
        });
        camel.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (camel != null) {
            camel.stop();
        }
        pool.stop();
        broker.stop();
    }

    @Test
    void aSignedFormCallbackIsReceivedThroughTheDurableHandOff() throws Exception {
        String body = "MessageSid=SMvertx1&MessageStatus=delivered&To=%2B15005550006&Body=caf%C3%A9+%26+more";
        HttpResponse<String> answer = post("/hooks/sms", body, sign("/hooks/sms", Map.of("MessageSid", "SMvertx1",
                "MessageStatus", "delivered", "To", "+15005550006", "Body", "café & more")));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"received\":1");
        WebhookEvent event = await("SMvertx1:delivered");
        assertThat(event.type()).isEqualTo("message.delivered");
        assertThat(event.data()).containsEntry("To", "+15005550006").containsEntry("Body", "café & more");
        assertThat(RECEIVED_IDS).contains("SMvertx1:delivered");
    }

    @Test
    void aSignedFormCallbackIsReceivedBeforeTheAnswerInSyncMode() throws Exception {
        String body = "CallSid=CAvertx1&CallStatus=completed";
        HttpResponse<String> answer = post("/hooks/calls", body,
                sign("/hooks/calls", Map.of("CallSid", "CAvertx1", "CallStatus", "completed")));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(RECEIVED).as("the route ran before the answer").anyMatch(e -> e.id().equals("CAvertx1:completed"));
    }

    @Test
    void aForgedFormCallbackIsRefused() throws Exception {
        String body = "MessageSid=SMforged&MessageStatus=delivered";
        HttpResponse<String> answer = post("/hooks/sms", body,
                sign("/hooks/sms", Map.of("MessageSid", "SMforged", "MessageStatus", "failed")));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
        Thread.sleep(300);
        assertThat(RECEIVED).noneMatch(e -> e.id().startsWith("SMforged"));
    }

    @Test
    void aBodyOverMaxBodySizeIsRefusedWith413() throws Exception {
        String body = "MessageSid=SMbig&MessageStatus=delivered&Body=" + "x".repeat(64 * 1024);
        HttpResponse<String> answer = post("/hooks/sms", body, "not-checked-first");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(413);
        assertThat(answer.body()).contains("larger than 4096 bytes");
    }

    @Test
    void anEmptySignedBodyIsRefusedWith400AtOnce() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> answer = post("/hooks/sms", "", sign("/hooks/sms", Map.of()));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("The body is empty");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answered without waiting for a body")
                .isLessThan(Duration.ofMillis(RawRequestBody.READ_TIMEOUT_MILLIS / 2));
    }

    @Test
    void senderWhoseBodiesNeverArriveDoNotHoldUpOtherCallbacks() throws Exception {
        // more stalled senders than Vert.x has worker threads (20): each sent its headers and a few bytes of the body
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 48; i++) {
                Socket s = new Socket("127.0.0.1", port);
                s.getOutputStream().write(("POST /hooks/sms HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                        + "application/x-www-form-urlencoded\r\nX-Twilio-Signature: x\r\nContent-Length: 1000\r\n\r\nMess")
                        .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                stalled.add(s);
            }
            Thread.sleep(500);

            long start = System.nanoTime();
            HttpResponse<String> answer = post("/hooks/sms", "MessageSid=SMbusy&MessageStatus=sent",
                    sign("/hooks/sms", Map.of("MessageSid", "SMbusy", "MessageStatus", "sent")));

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answered while 48 bodies are stalled")
                    .isLessThan(Duration.ofMillis(RawRequestBody.READ_TIMEOUT_MILLIS / 3));
            await("SMbusy:sent");
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
    }

    @Test
    void theReceiverServesItsPathThroughPlatformHttp() {
        var consumer = camel.getCamelContext().getRoute("sms").getConsumer();
        assertThat(consumer).isInstanceOf(PlatformHttpConsumerAware.class);
        assertThat(((PlatformHttpConsumerAware) consumer).getPlatformHttpConsumer().getEndpoint().getPath())
                .isEqualTo("/hooks/sms");
    }

    private static WebhookEvent await(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            for (WebhookEvent e : RECEIVED) {
                if (e.id().equals(id)) {
                    return e;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no event " + id + " reached the route; received: " + RECEIVED);
    }

    private static HttpResponse<String> post(String path, String body, String signature) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Twilio's scheme: HMAC-SHA1 of the URL followed by each field's name and value, sorted by name. */
    private static String sign(String path, Map<String, String> fields) throws Exception {
        StringBuilder signed = new StringBuilder(url(path));
        fields.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(f -> signed.append(f.getKey()).append(f.getValue()));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(AUTH_TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(signed.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
