package dev.hookline.routes.console;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import jakarta.servlet.http.Cookie;

import dev.hookline.routes.api.ApiKeyAuthenticator;
import dev.hookline.routes.api.ApiPrincipal;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleFiltersTest {

    private static final String KEY = "the-admin-key-0123456789";

    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(1_000_000), ZoneOffset.UTC);
    private final SessionSeal seal = new SessionSeal(SessionSealTest.key((byte) 7));
    private final ApiKeyAuthenticator keys = k -> KEY.equals(k) ? Optional.of(ApiPrincipal.admin()) : Optional.empty();
    private final ConsolePagesFilter pages = new ConsolePagesFilter(keys, seal, clock);
    private final ConsoleSessionFilter sessions = new ConsoleSessionFilter(seal, clock);

    @Test
    void signingInSetsAStrictHttpOnlyCookieAndSendsBackToThePage() throws Exception {
        MockHttpServletResponse response = login(KEY, false);

        assertThat(response.getStatus()).isEqualTo(303);
        assertThat(response.getHeader("Location")).isEqualTo("/console/index.html");
        String cookie = response.getHeader("Set-Cookie");
        assertThat(cookie).startsWith("hookline_console=").contains("HttpOnly").contains("SameSite=Strict")
                .contains("Path=/").doesNotContain("Secure").doesNotContain(KEY);
        assertThat(login(KEY, true).getHeader("Set-Cookie")).as("over HTTPS").contains("Secure");
    }

    @Test
    void aWrongKeyGetsNoCookie() throws Exception {
        MockHttpServletResponse response = login("wrong", false);

        assertThat(response.getStatus()).isEqualTo(303);
        assertThat(response.getHeader("Location")).isEqualTo("/console/index.html?login=failed");
        assertThat(response.getHeader("Set-Cookie")).isNull();
    }

    @Test
    void aSignInSentFromAnotherOriginIsRefused() throws Exception {
        for (String origin : new String[] { "https://evil.example", "null", "http://console.example:8081" }) {
            MockHttpServletResponse response = login(KEY, false, origin);
            assertThat(response.getStatus()).as(origin).isEqualTo(403);
            assertThat(response.getHeader("Set-Cookie")).isNull();
        }
        assertThat(login(KEY, false, "http://console.example:8080").getStatus()).as("its own page").isEqualTo(303);
        assertThat(login(KEY, false, "HTTP://Console.Example:8080").getHeader("Set-Cookie")).isNotNull();
    }

    @Test
    void aKeyInTheUrlIsRefused() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/console/login");
        request.setQueryString("key=" + KEY);
        request.setParameter("key", KEY);
        request.setContentType("application/x-www-form-urlencoded");
        MockHttpServletResponse response = new MockHttpServletResponse();
        pages.doFilter(request, response, new MockFilterChain());

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentAsString()).contains("never in the URL");
        assertThat(response.getHeader("Set-Cookie")).isNull();
    }

    @Test
    void theSessionTellsWhoAndTheCsrfToken() throws Exception {
        String cookie = cookieValue(login(KEY, false));
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/console/session");
        request.setCookies(new Cookie(ConsoleCookie.NAME, cookie));
        MockHttpServletResponse response = new MockHttpServletResponse();
        pages.doFilter(request, response, new MockFilterChain());

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsString()).contains("\"principal\":\"admin\"")
                .contains(seal.open(cookie, clock.millis()).orElseThrow().csrfToken());
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(response.getHeader("Content-Security-Policy")).contains("script-src 'self'");
    }

    @Test
    void apiReadsWithTheSessionPassAsItsPrincipal() throws Exception {
        String cookie = cookieValue(login(KEY, false));
        MockHttpServletRequest request = apiRequest("GET", cookie, null);
        MockFilterChain chain = new MockFilterChain();
        sessions.doFilter(request, new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).isNotNull();
        assertThat(request.getAttribute(ApiPrincipal.REQUEST_ATTRIBUTE)).isEqualTo(ApiPrincipal.admin());
    }

    @Test
    void apiChangesWithoutTheCsrfTokenAreRefused() throws Exception {
        String cookie = cookieValue(login(KEY, false));
        String token = seal.open(cookie, clock.millis()).orElseThrow().csrfToken();
        for (String sent : new String[] { null, "", "wrong", token + "x" }) {
            MockHttpServletResponse response = new MockHttpServletResponse();
            MockFilterChain chain = new MockFilterChain();
            MockHttpServletRequest request = apiRequest("POST", cookie, sent);
            sessions.doFilter(request, response, chain);
            assertThat(response.getStatus()).as("token %s", sent).isEqualTo(403);
            assertThat(chain.getRequest()).isNull();
            assertThat(request.getAttribute(ApiPrincipal.REQUEST_ATTRIBUTE)).isNull();
        }
        MockHttpServletRequest request = apiRequest("DELETE", cookie, token);
        MockFilterChain chain = new MockFilterChain();
        sessions.doFilter(request, new MockHttpServletResponse(), chain);
        assertThat(chain.getRequest()).isNotNull();
        assertThat(request.getAttribute(ApiPrincipal.REQUEST_ATTRIBUTE)).isEqualTo(ApiPrincipal.admin());
    }

    @Test
    void aForgedOrEndedSessionIsNobodys() throws Exception {
        String ended = seal.seal(SessionSeal.newSession(ApiPrincipal.admin(), clock.millis()));
        for (String cookie : new String[] { ended, "forged" }) {
            MockHttpServletRequest request = apiRequest("GET", cookie, null);
            MockFilterChain chain = new MockFilterChain();
            sessions.doFilter(request, new MockHttpServletResponse(), chain);
            assertThat(chain.getRequest()).as("the key filter decides").isNotNull();
            assertThat(request.getAttribute(ApiPrincipal.REQUEST_ATTRIBUTE)).isNull();
        }
    }

    @Test
    void signingOutNeedsTheTokenAndClearsTheCookie() throws Exception {
        String cookie = cookieValue(login(KEY, false));
        MockHttpServletRequest refused = new MockHttpServletRequest("POST", "/console/logout");
        refused.setCookies(new Cookie(ConsoleCookie.NAME, cookie));
        MockHttpServletResponse refusedResponse = new MockHttpServletResponse();
        pages.doFilter(refused, refusedResponse, new MockFilterChain());
        assertThat(refusedResponse.getStatus()).isEqualTo(403);

        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/console/logout");
        request.setCookies(new Cookie(ConsoleCookie.NAME, cookie));
        request.addHeader(ConsoleSessionFilter.CSRF_HEADER, seal.open(cookie, clock.millis()).orElseThrow().csrfToken());
        MockHttpServletResponse response = new MockHttpServletResponse();
        pages.doFilter(request, response, new MockFilterChain());
        assertThat(response.getStatus()).isEqualTo(204);
        assertThat(response.getHeader("Set-Cookie")).startsWith("hookline_console=;").contains("Max-Age=0");
    }

    private MockHttpServletResponse login(String key, boolean secure) throws Exception {
        return login(key, secure, null);
    }

    private MockHttpServletResponse login(String key, boolean secure, String origin) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/console/login");
        request.addHeader("Host", "console.example:8080");
        if (origin != null) {
            request.addHeader("Origin", origin);
        }
        request.setContentType("application/x-www-form-urlencoded");
        request.setParameter("key", key);
        request.setSecure(secure);
        MockHttpServletResponse response = new MockHttpServletResponse();
        pages.doFilter(request, response, new MockFilterChain());
        return response;
    }

    private static String cookieValue(MockHttpServletResponse response) {
        String header = response.getHeader("Set-Cookie");
        return header.substring(header.indexOf('=') + 1, header.indexOf(';'));
    }

    private static MockHttpServletRequest apiRequest(String method, String cookie, String csrf) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, "/api/v1/webhooks");
        request.setCookies(new Cookie(ConsoleCookie.NAME, cookie));
        if (csrf != null) {
            request.addHeader(ConsoleSessionFilter.CSRF_HEADER, csrf);
        }
        return request;
    }
}
