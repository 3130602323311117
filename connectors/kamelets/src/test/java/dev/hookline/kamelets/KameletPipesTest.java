package dev.hookline.kamelets;

import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.jms.Connection;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import com.standardwebhooks.Webhook;

import dev.hookline.core.EventJson;
import dev.hookline.core.WebhookEvent;

import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Kamelets at work in a plain Camel runtime (Camel Main with its own HTTP server, camel-kamelet and the YAML DSL,
 * as Camel JBang runs them): one Pipe per dialect, each binding {@code hookline-<dialect>-source} to
 * {@code hookline-sink}, loaded from Pipe YAML as Camel K would bind them. A broker that requires a user stands for
 * Hookline's. Each provider's callback, signed (or carrying its token) as that provider does, is answered 200 and its
 * normalized event reaches Hookline's events queue; the same callback with a wrong signature or token gets 401.
 */
class KameletPipesTest {

    private static final String BROKER_USER = "hookline";
    private static final String BROKER_PASSWORD = "broker-s3cret";

    private static final String TOKEN = "kamelet-token";
    /** Characters that a URI would mangle unless the Kamelets pass secrets through intact. */
    private static final String AWKWARD_SECRET = "k&y%2B=1+/?#";
    private static final String STANDARD_SECRET = "whsec_" + Base64.getEncoder().encodeToString(bytes(0xfb, 0xef, 0xff));
    private static final String STRIPE_SECRET = "whsec_kamelet_stripe_endpoint_secret";
    private static final String GITHUB_SECRET = "github kamelet secret";
    private static final String SHOPIFY_SECRET = "shpss_kamelet";
    private static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String TWILIO_SECRET = "12345678901234567890123456789012";

    private static EmbeddedActiveMQ broker;
    private static Main camel;
    private static Connection listener;
    private static int httpPort;
    private static String brokerUrl;
    private static final List<WebhookEvent> PUBLISHED = new CopyOnWriteArrayList<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A provider's callback, genuine or forged, and the event it should become. */
    record Callback(String path, String contentType, String body, Map<String, String> headers, String type, String id) {
    }

    static Stream<String> dialects() {
        return Stream.of("mozes", "emma", "fluidsurveys", "momentum", "standard", "stripe", "github", "shopify", "slack",
                "twilio", "svix", "json");
    }

    @BeforeAll
    static void startBrokerAndPipes() throws Exception {
        int brokerPort = freePort();
        httpPort = freePort();
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(false).setSecurityEnabled(true)
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + brokerPort);
        broker = new EmbeddedActiveMQ().setConfiguration(config).setSecurityManager(new OneUser());
        broker.start();
        brokerUrl = "tcp://127.0.0.1:" + brokerPort;

        Path pipes = Files.createTempDirectory(Path.of("target"), "pipes");
        for (String dialect : dialects().toList()) {
            Map<String, String> source = new LinkedHashMap<>(sourceProperties(dialect));
            source.put("brokerUrl", brokerUrl);
            source.put("brokerUser", BROKER_USER);
            source.put("brokerPassword", BROKER_PASSWORD);
            Map<String, String> sink = Map.of("brokerUrl", brokerUrl, "brokerUser", BROKER_USER,
                    "brokerPassword", BROKER_PASSWORD);
            Files.writeString(pipes.resolve(dialect + "-to-hookline.yaml"), pipe(dialect, source, sink));
        }

        camel = new Main();
        camel.configure().withRoutesIncludePattern("file:" + pipes.toAbsolutePath() + "/*.yaml");
        camel.addOverrideProperty("camel.server.enabled", "true");
        camel.addOverrideProperty("camel.server.host", "127.0.0.1");
        camel.addOverrideProperty("camel.server.port", Integer.toString(httpPort));
        camel.start();

        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(brokerUrl);
        listener = factory.createConnection(BROKER_USER, BROKER_PASSWORD);
        Session session = listener.createSession(false, Session.AUTO_ACKNOWLEDGE);
        session.createConsumer(session.createQueue("hookline.events.partitioned")).setMessageListener(message -> {
            try {
                PUBLISHED.addAll(new EventJson().read(((TextMessage) message).getText()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        listener.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (listener != null) {
            listener.close();
        }
        if (camel != null) {
            camel.stop();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void everyPipeIsRunning() {
        List<String> routes = camel.getCamelContext().getRoutes().stream().map(r -> r.getRouteId()).toList();
        for (String dialect : dialects().toList()) {
            assertThat(routes).as("routes").contains(dialect + "-to-hookline");
            assertThat(camel.getCamelContext().getRouteController().getRouteStatus(dialect + "-to-hookline").isStarted())
                    .as("%s pipe started", dialect).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aForgedCallbackIsRefused(String dialect) throws Exception {
        HttpResponse<String> refused = post(callback(dialect, false));
        assertThat(refused.statusCode()).as("forged %s callback: %s", dialect, refused.body()).isEqualTo(401);
    }

    /** Twilio's and FluidSurveys' callbacks are form-encoded: Vert.x must leave their raw body to the receiver. */
    @ParameterizedTest
    @MethodSource("dialects")
    void aGenuineCallbackReachesHooklineThroughThePipe(String dialect) throws Exception {
        HttpResponse<String> refused = post(callback(dialect, false));
        assertThat(refused.statusCode()).as("forged %s callback: %s", dialect, refused.body()).isEqualTo(401);

        Callback genuine = callback(dialect, true);
        HttpResponse<String> accepted = post(genuine);
        assertThat(accepted.statusCode()).as("%s callback: %s", dialect, accepted.body()).isEqualTo(200);

        WebhookEvent event = awaitPublished(dialect, genuine.type());
        if (genuine.id() != null) {
            assertThat(event.id()).isEqualTo(genuine.id());
        }
        assertThat(PUBLISHED.stream().filter(e -> dialect.equals(e.source())).count())
                .as("events published from %s (the forged callback's not among them)", dialect).isEqualTo(1);
    }

    @Test
    void aRouteOfOnesOwnPublishesThroughTheSinkWhichRefusesWhatIsNotAnEvent() throws Exception {
        try (var template = camel.getCamelContext().createProducerTemplate()) {
            String uri = "kamelet:hookline-sink?brokerUrl=" + brokerUrl + "&brokerUser=" + BROKER_USER
                         + "&brokerPassword=" + BROKER_PASSWORD;
            Object accepted = template.requestBody(uri, "{\"type\":\"order.shipped\",\"id\":\"sink-1\",\"data\":{}}");
            assertThat(accepted).asList().hasSize(1);
            WebhookEvent event = awaitPublished(null, "order.shipped");
            assertThat(event.id()).isEqualTo("sink-1");
            assertThatThrownBy(() -> template.requestBody(uri, "{\"data\":{}}"))
                    .hasRootCauseMessage("Field 'type' is required");
        }
    }

    private static WebhookEvent awaitPublished(String source, String type) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            for (WebhookEvent e : PUBLISHED) {
                if ((source == null || source.equals(e.source())) && type.equals(e.type())) {
                    return e;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + type + " event from " + source + " on hookline.events.partitioned; published: " + PUBLISHED);
    }

    // --- the Pipes

    private static Map<String, String> sourceProperties(String dialect) {
        return switch (dialect) {
            case "mozes", "emma", "momentum" -> Map.of("token", TOKEN);
            case "fluidsurveys" -> Map.of("token", TOKEN, "eventName", "response_complete");
            case "standard" -> Map.of("secret", STANDARD_SECRET);
            case "stripe" -> Map.of("secret", STRIPE_SECRET);
            case "github" -> Map.of("secret", GITHUB_SECRET);
            case "shopify" -> Map.of("secret", SHOPIFY_SECRET);
            case "slack" -> Map.of("secret", SLACK_SECRET);
            case "twilio" -> Map.of("secret", TWILIO_SECRET, "publicUrl", twilioUrl());
            case "svix" -> Map.of("secret", STANDARD_SECRET);
            case "json" -> Map.of("secret", AWKWARD_SECRET, "hmacHeader", "X-Signature", "hmacPrefix", "sha256=",
                    "path", "/hooks/any-provider");
            default -> throw new IllegalArgumentException(dialect);
        };
    }

    private static String pipe(String dialect, Map<String, String> source, Map<String, String> sink) {
        return """
                apiVersion: camel.apache.org/v1
                kind: Pipe
                metadata:
                  name: %s-to-hookline
                spec:
                  source:
                    ref:
                      kind: Kamelet
                      apiVersion: camel.apache.org/v1
                      name: hookline-%s-source
                    properties:
                %s
                  sink:
                    ref:
                      kind: Kamelet
                      apiVersion: camel.apache.org/v1
                      name: hookline-sink
                    properties:
                %s
                """.formatted(dialect, dialect, yaml(source), yaml(sink));
    }

    /**
     * Camel's YAML loader URL-encodes a Pipe's properties into the Kamelet's URI, and Kamelets take their parameters
     * as written, not decoded: values are given as RAW(...), which both keep intact.
     */
    private static String yaml(Map<String, String> properties) {
        return properties.entrySet().stream()
                .map(e -> "      " + e.getKey() + ": \"RAW(" + e.getValue().replace("\\", "\\\\").replace("\"", "\\\"")
                          + ")\"")
                .collect(Collectors.joining("\n"));
    }

    // --- the providers' callbacks, signed as each provider signs them

    private static Callback callback(String dialect, boolean genuine) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String wrong = "not-the-secret";
        return switch (dialect) {
            case "mozes" -> tokenCallback(dialect, genuine, "{\"event\":\"data_capture\",\"fired_at\":\"2012:05:16 23:10:35\","
                    + "\"data\":{\"user_id\":\"u-1\",\"item_key\":\"email\",\"item_value\":\"kamelet@example.com\"}}",
                    "application/json", "data_capture", null);
            case "emma" -> tokenCallback(dialect, genuine, "{\"event_name\":\"mailing_finish\",\"data\":{\"mailing_id\":1024}}",
                    "application/json", "mailing_finish", null);
            case "fluidsurveys" -> tokenCallback(dialect, genuine,
                    "id=276&created_at=26%2F03%2F2013+02%3A26PM&survey_name=m3", "application/x-www-form-urlencoded",
                    "response_complete", "fluidsurveys-response_complete-276");
            case "momentum" -> tokenCallback(dialect, genuine, "[{\"msys\":{\"message_event\":{\"type\":\"delivery\","
                    + "\"event_id\":\"kamelet-m-1\",\"timestamp\":\"1700000000\",\"rcpt_to\":\"a@example.com\"}}}]",
                    "application/json", "delivery", "kamelet-m-1");
            case "standard" -> {
                String body = "{\"type\":\"order.created\",\"timestamp\":\"2026-11-23T10:00:00Z\",\"data\":{\"order\":42}}";
                String secret = genuine ? STANDARD_SECRET : "whsec_" + Base64.getEncoder().encodeToString(wrong.getBytes());
                yield new Callback("/hooks/standard", "application/json", body, Map.of("webhook-id", "msg_kamelet_1",
                        "webhook-timestamp", Long.toString(now),
                        "webhook-signature", new Webhook(secret).sign("msg_kamelet_1", now, body)),
                        "order.created", "msg_kamelet_1");
            }
            case "stripe" -> {
                String body = "{\"id\":\"evt_kamelet_1\",\"object\":\"event\",\"type\":\"invoice.paid\",\"created\":"
                        + now + ",\"data\":{\"object\":{\"id\":\"in_1\"}}}";
                String v1 = hex(hmac("HmacSHA256", genuine ? STRIPE_SECRET : wrong, now + "." + body));
                yield new Callback("/hooks/stripe", "application/json", body,
                        Map.of("Stripe-Signature", "t=" + now + ",v1=" + v1), "invoice.paid", "evt_kamelet_1");
            }
            case "github" -> {
                String body = "{\"action\":\"opened\",\"issue\":{\"number\":1}}";
                yield new Callback("/hooks/github", "application/json", body, Map.of("X-GitHub-Event", "issues",
                        "X-GitHub-Delivery", "gh-kamelet-1",
                        "X-Hub-Signature-256", "sha256=" + hex(hmac("HmacSHA256", genuine ? GITHUB_SECRET : wrong, body))),
                        "issues.opened", "gh-kamelet-1");
            }
            case "shopify" -> {
                String body = "{\"id\":820982911946154508,\"email\":\"jon@example.com\"}";
                yield new Callback("/hooks/shopify", "application/json", body, Map.of("X-Shopify-Topic", "orders/create",
                        "X-Shopify-Webhook-Id", "shop-kamelet-1", "X-Shopify-Hmac-Sha256",
                        Base64.getEncoder().encodeToString(hmac("HmacSHA256", genuine ? SHOPIFY_SECRET : wrong, body))),
                        "orders.create", "shop-kamelet-1");
            }
            case "slack" -> {
                String body = "{\"type\":\"event_callback\",\"event_id\":\"Ev_kamelet_1\",\"event_time\":" + now
                        + ",\"event\":{\"type\":\"app_mention\",\"text\":\"hi\"}}";
                yield new Callback("/hooks/slack", "application/json", body, Map.of("X-Slack-Request-Timestamp",
                        Long.toString(now), "X-Slack-Signature",
                        "v0=" + hex(hmac("HmacSHA256", genuine ? SLACK_SECRET : wrong, "v0:" + now + ":" + body))),
                        "app_mention", "Ev_kamelet_1");
            }
            case "twilio" -> {
                String body = "MessageSid=SMkamelet1&MessageStatus=delivered&To=" + URLEncoder.encode("+15005550006",
                        StandardCharsets.UTF_8);
                String signed = twilioUrl() + "MessageSidSMkamelet1MessageStatusdeliveredTo+15005550006";
                yield new Callback("/hooks/twilio", "application/x-www-form-urlencoded", body, Map.of("X-Twilio-Signature",
                        Base64.getEncoder().encodeToString(hmac("HmacSHA1", genuine ? TWILIO_SECRET : wrong, signed))),
                        "message.delivered", "SMkamelet1:delivered");
            }
            case "svix" -> {
                String body = "{\"type\":\"user.created\",\"data\":{\"id\":\"user_kamelet\"}}";
                String secret = genuine ? STANDARD_SECRET : "whsec_" + Base64.getEncoder().encodeToString(wrong.getBytes());
                yield new Callback("/hooks/svix", "application/json", body, Map.of("svix-id", "msg_svix_kamelet",
                        "svix-timestamp", Long.toString(now),
                        "svix-signature", new Webhook(secret).sign("msg_svix_kamelet", now, body)),
                        "user.created", "msg_svix_kamelet");
            }
            case "json" -> {
                String body = "{\"type\":\"invoice.paid\",\"id\":\"inv-kamelet-1\"}";
                yield new Callback("/hooks/any-provider", "application/json", body, Map.of("X-Signature",
                        "sha256=" + hex(hmac("HmacSHA256", genuine ? AWKWARD_SECRET : wrong, body))),
                        "invoice.paid", "inv-kamelet-1");
            }
            default -> throw new IllegalArgumentException(dialect);
        };
    }

    private static Callback tokenCallback(String dialect, boolean genuine, String body, String contentType, String type,
                                          String id) {
        return new Callback("/hooks/" + dialect, contentType, body,
                Map.of("X-MessageSystems-Webhook-Token", genuine ? TOKEN : "not-the-token"), type, id);
    }

    private static String twilioUrl() {
        return "http://127.0.0.1:" + httpPort + "/hooks/twilio";
    }

    private static HttpResponse<String> post(Callback callback) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + callback.path()))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", callback.contentType())
                .POST(HttpRequest.BodyPublishers.ofString(callback.body()));
        callback.headers().forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] hmac(String algorithm, String key, String data) throws Exception {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[24];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i % values.length];
        }
        return b;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The broker accepts one user, as a broker with credentials configured does. */
    private static final class OneUser implements ActiveMQSecurityManager {
        @Override
        public boolean validateUser(String user, String password) {
            return BROKER_USER.equals(user) && BROKER_PASSWORD.equals(password);
        }

        @Override
        public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
            return validateUser(user, password);
        }
    }
}
