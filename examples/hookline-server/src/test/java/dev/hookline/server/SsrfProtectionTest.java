package dev.hookline.server;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * With the default protection on, webhook targets that are or resolve to internal addresses are refused by both
 * dialects, before any request is sent to them; so are OAuth2 token endpoints on internal addresses.
 */
@SpringBootTest(classes = HooklineServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = { "hookline.api-key=" + ServerTestSupport.API_KEY, "hookline.broker.port=-1" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SsrfProtectionTest extends ServerTestSupport {

    @Test
    void internalTargetsAreRefusedInBothDialects() throws Exception {
        List<String> internal = List.of(
                "http://127.0.0.1:8080/hook", "http://localhost/hook", "http://[::1]/hook", "http://0.0.0.0/hook",
                "http://10.1.2.3/hook", "http://172.16.0.1/hook", "http://192.168.1.1/hook",
                "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/hook", "http://[fd00::1]/hook",
                "http://[::ffff:127.0.0.1]/hook", "http://2130706433/hook", "http://0x7f.0.0.1/hook");
        for (String target : internal) {
            assertError(post("/api/v1/webhooks", "{\"name\":\"n\",\"target\":\"" + target + "\",\"events\":[\"a\"]}"), 400,
                    "Field 'target'");
            assertError(post("/api/v2/webhooks/subscribe/", "{\"subscription_url\":\"" + target + "\",\"event\":\"a\"}"), 400,
                    "Field 'subscription_url'");
        }
        for (String tokenUrl : List.of("http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                "http://127.0.0.1:8080/oauth2/token", "http://[::ffff:10.0.0.1]/token", "http://localhost/token")) {
            assertError(post("/api/v1/webhooks", "{\"name\":\"n\",\"target\":\"http://93.184.216.34/hook\","
                    + "\"events\":[\"a\"],\"target_auth\":{\"oauth2_client_credentials\":{\"token_url\":\"" + tokenUrl
                    + "\",\"client_id\":\"c\",\"client_secret\":\"s\"}}}"), 400,
                    "Field 'target_auth.oauth2_client_credentials.token_url'");
        }
        assertError(post("/api/v1/webhooks", "{\"name\":\"n\",\"target\":\"file:///etc/passwd\",\"events\":[\"a\"]}"), 400,
                "must be an http or https URL");
        assertError(post("/api/v1/webhooks", "{\"name\":\"n\",\"target\":\"http://user:pw@example.com/\",\"events\":[\"a\"]}"),
                400, "must not carry credentials");
    }
}
