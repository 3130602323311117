package dev.hookline.routes.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.hookline.routes.api.ApiResponses;
import dev.hookline.routes.api.ApiPrincipal;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets the console's session call the API ({@code /api/*}) in place of a key. A request without an
 * {@code Authorization} header but with a valid session cookie is made for the session's principal; a change (any
 * method but GET, HEAD and OPTIONS) must also send the session's CSRF token as the {@value #CSRF_HEADER} header, or it
 * is refused with 403 before any route runs. Requests with a key, or without a valid session, go on to the key filter
 * unchanged (which refuses them without a key).
 */
public class ConsoleSessionFilter extends OncePerRequestFilter {

    /** The header a console change carries its session's CSRF token in. */
    public static final String CSRF_HEADER = "X-Hookline-CSRF";

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final SessionSeal seal;
    private final Clock clock;

    public ConsoleSessionFilter(SessionSeal seal, Clock clock) {
        this.seal = seal;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getHeader("Authorization") == null) {
            Optional<ConsoleSession> session = seal.open(ConsoleCookie.read(request), clock.millis());
            if (session.isPresent()) {
                if (!SAFE_METHODS.contains(request.getMethod()) && !csrfMatches(request, session.get())) {
                    refuse(response);
                    return;
                }
                request.setAttribute(ApiPrincipal.REQUEST_ATTRIBUTE, session.get().principal());
                request.setAttribute(ApiPrincipal.SESSION_OPENED_AT_ATTRIBUTE,
                        session.get().expiresAtMillis() - ConsolePagesFilter.SESSION_LIFETIME.toMillis());
            }
        }
        chain.doFilter(request, response);
    }

    static boolean csrfMatches(HttpServletRequest request, ConsoleSession session) {
        String sent = request.getHeader(CSRF_HEADER);
        return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                session.csrfToken().getBytes(StandardCharsets.UTF_8));
    }

    static void refuse(HttpServletResponse response) throws IOException {
        response.setStatus(403);
        response.setContentType("application/json");
        response.getOutputStream().write(ApiResponses.errorBody("Missing or wrong CSRF token: a console change "
                + "must send its session's token as the " + CSRF_HEADER + " header"));
    }
}
