package dev.hookline.routes.console;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.routes.api.ApiResponses;
import dev.hookline.routes.api.ApiKeyAuthenticator;
import dev.hookline.routes.api.ApiPrincipal;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The console's own requests under {@code /console/}: signing in with a key pasted into the login form (the key goes
 * in the form's body, never in a URL: one in the query is refused) or with a portal link ({@code GET
 * /console/portal/<token>}, single-use and short-lived, which leaves the token behind for a session cookie), reading
 * the session (who, and the CSRF token for changes), signing out; and the security headers of the console's pages,
 * which the server serves from the jar ({@code META-INF/resources/console/}).
 */
public class ConsolePagesFilter extends OncePerRequestFilter {

    /** How long a console session lasts after signing in. */
    public static final Duration SESSION_LIFETIME = Duration.ofHours(8);

    static final String PAGE = "/console/index.html";
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String PORTAL = "/console/portal/";

    private final ApiKeyAuthenticator keys;
    private final SessionSeal seal;
    private final Clock clock;
    private final Function<String, Optional<ApiPrincipal>> portalLinks;

    public ConsolePagesFilter(ApiKeyAuthenticator keys, SessionSeal seal, Clock clock) {
        this(keys, seal, clock, token -> Optional.empty());
    }

    /** @param portalLinks redeems a portal link's token: whom it signs in, once, or empty */
    public ConsolePagesFilter(ApiKeyAuthenticator keys, SessionSeal seal, Clock clock,
            Function<String, Optional<ApiPrincipal>> portalLinks) {
        this.keys = keys;
        this.seal = seal;
        this.clock = clock;
        this.portalLinks = portalLinks;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String method = request.getMethod();
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        // same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on the page's own login form
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("X-Frame-Options", "DENY");
        switch (path) {
            case "/console", "/console/" -> response.sendRedirect(request.getContextPath() + PAGE);
            case "/console/login" -> {
                if (!"POST".equals(method)) {
                    error(response, 405, "Sign in with POST /console/login and the key as the form field 'key'");
                } else {
                    login(request, response);
                }
            }
            case "/console/session" -> {
                if (!"GET".equals(method)) {
                    error(response, 405, "GET /console/session reads the session");
                } else {
                    session(request, response);
                }
            }
            case "/console/logout" -> {
                if (!"POST".equals(method)) {
                    error(response, 405, "Sign out with POST /console/logout");
                } else {
                    logout(request, response);
                }
            }
            default -> {
                if (path.startsWith(PORTAL) && "GET".equals(method)) {
                    portal(request, response, path.substring(PORTAL.length()));
                } else {
                    chain.doFilter(request, response);
                }
            }
        }
    }

    private void login(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String query = request.getQueryString();
        if (query != null && !query.isEmpty()) {
            error(response, 400, "The key goes in the form's body, never in the URL");
            return;
        }
        if (!fromThisOrigin(request)) {
            error(response, 403, "Sign in from the console's own page: this form was sent from another origin");
            return;
        }
        if (!"application/x-www-form-urlencoded".equalsIgnoreCase(mediaType(request))) {
            error(response, 415, "Sign in with a form (application/x-www-form-urlencoded) holding the field 'key'");
            return;
        }
        Optional<ApiPrincipal> principal = keys.authenticate(request.getParameter("key"));
        if (principal.isEmpty()) {
            response.setStatus(303);
            response.setHeader("Location", request.getContextPath() + PAGE + "?login=failed");
            return;
        }
        ConsoleSession session = SessionSeal.newSession(principal.get(), clock.millis() + SESSION_LIFETIME.toMillis());
        ConsoleCookie.write(request, response, seal.seal(session), SESSION_LIFETIME);
        response.setStatus(303);
        response.setHeader("Location", request.getContextPath() + PAGE);
    }

    /**
     * A portal link: signs the browser in as the link's account when the link is known, unexpired and unused (using it
     * up), and sends it on to the console, whose URL holds no token; otherwise to the sign-in page, saying why.
     */
    private void portal(HttpServletRequest request, HttpServletResponse response, String token) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(303);
        // a browser signed in already keeps its session: a link (another site may have opened it) never swaps it
        // silently for another account's, and stays unused
        if (seal.open(ConsoleCookie.read(request), clock.millis()).isPresent()) {
            response.setHeader("Location", request.getContextPath() + PAGE + "?portal=signed-in");
            return;
        }
        Optional<ApiPrincipal> principal = portalLinks.apply(token);
        if (principal.isEmpty()) { // the browser's cookie is left alone: a bad link signs nobody out
            response.setHeader("Location", request.getContextPath() + PAGE + "?portal=expired");
            return;
        }
        ConsoleSession session = SessionSeal.newSession(principal.get(), clock.millis() + SESSION_LIFETIME.toMillis());
        ConsoleCookie.write(request, response, seal.seal(session), SESSION_LIFETIME);
        response.setHeader("Location", request.getContextPath() + PAGE);
    }

    private void session(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        Optional<ConsoleSession> session = seal.open(ConsoleCookie.read(request), clock.millis());
        if (session.isEmpty()) {
            error(response, 401, "Not signed in");
            return;
        }
        ConsoleSession s = session.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("principal", s.principal().describe());
        body.put("account", s.principal().accountId());
        body.put("csrf_token", s.csrfToken());
        body.put("expires_at", s.expiresAtMillis());
        json(response, 200, body);
    }

    private void logout(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<ConsoleSession> session = seal.open(ConsoleCookie.read(request), clock.millis());
        if (session.isPresent() && !ConsoleSessionFilter.csrfMatches(request, session.get())) {
            ConsoleSessionFilter.refuse(response);
            return;
        }
        ConsoleCookie.clear(request, response);
        response.setStatus(204);
    }

    /**
     * Whether a sign-in comes from the console's own page (login CSRF: another site must not sign a browser in with
     * a key of its choosing): a browser's {@code Origin} header names the server it was sent to; clients that send
     * none (curl) are let through, since they hold the key themselves.
     */
    static boolean fromThisOrigin(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        String host = request.getHeader("Host");
        try {
            java.net.URI uri = java.net.URI.create(origin);
            return host != null && uri.getRawAuthority() != null && uri.getRawAuthority().equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false; // "null", or not a URL
        }
    }

    private static String mediaType(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null) {
            return "";
        }
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).trim();
    }

    private static void error(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(ApiResponses.errorBody(message));
    }

    private static void json(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }
}
