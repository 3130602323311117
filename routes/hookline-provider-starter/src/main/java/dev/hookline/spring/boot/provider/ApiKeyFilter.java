package dev.hookline.spring.boot.provider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.hookline.routes.api.ApiResponses;
import dev.hookline.routes.api.ApiKeyAuthenticator;
import dev.hookline.routes.api.ApiPrincipal;
import dev.hookline.routes.api.Caller;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requires an API key on every request under {@code /api/} (the OpenAPI document excepted): as the whole
 * {@code Authorization} header, or after {@code Bearer }. The server's API key ({@code hookline.api-key}) makes the
 * caller the admin; an account's key makes it that account ({@link ApiKeyAuthenticator}). A request that an earlier
 * filter already authenticated (a console session) carries its {@link ApiPrincipal} and passes. Either way the caller
 * is passed on to the routes in the {@link Caller#HEADER} header, which replaces any the client sent. Anything else is
 * answered 401 before any route runs, the same for resources that exist and ones that do not.
 */
public class ApiKeyFilter extends OncePerRequestFilter {

    private final ApiKeyAuthenticator keys;
    private final String publicPath;
    private final java.util.function.BiPredicate<String, Long> sessionHolds;

    public ApiKeyFilter(ApiKeyAuthenticator keys, String publicPath) {
        this(keys, publicPath, (account, openedAt) -> true);
    }

    /**
     * @param sessionHolds whether an account's console session opened at a time (epoch ms) still holds (the account
     *                     exists and none of its keys was revoked since)
     */
    public ApiKeyFilter(ApiKeyAuthenticator keys, String publicPath, java.util.function.BiPredicate<String, Long> sessionHolds) {
        this.keys = keys;
        this.publicPath = publicPath;
        this.sessionHolds = sessionHolds;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return publicPath != null && publicPath.equals(request.getRequestURI()) && "GET".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (namesTheCaller(request)) {
            answer(response, 400, "Parameter '" + Caller.HEADER + "' is not allowed: who calls is the key's to say");
            return;
        }
        ApiPrincipal principal = request.getAttribute(ApiPrincipal.REQUEST_ATTRIBUTE) instanceof ApiPrincipal p ? p : null;
        if (principal != null && !principal.isAdmin()
                && request.getAttribute(ApiPrincipal.SESSION_OPENED_AT_ATTRIBUTE) instanceof Long openedAt) {
            boolean holds;
            try {
                holds = sessionHolds.test(principal.accountId(), openedAt);
            } catch (RuntimeException unavailable) {
                answer(response, 503, "The database is unavailable; account sessions cannot be checked now, retry later");
                return;
            }
            if (!holds) {
                answer(response, 401, "This console session has ended: its account's keys changed or the account is "
                        + "gone; sign in again");
                return;
            }
        }
        if (principal == null) {
            String header = request.getHeader("Authorization");
            if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                header = header.substring(7);
            }
            Optional<ApiPrincipal> found;
            try {
                found = keys.authenticate(header == null ? "" : header.trim());
            } catch (RuntimeException unavailable) {
                // account keys live in the database: without it none can be checked, and none is let through
                answer(response, 503, "The database is unavailable; account keys cannot be checked now, retry later");
                return;
            }
            if (found.isEmpty()) {
                response.setHeader("WWW-Authenticate", "Bearer");
                answer(response, 401, "Missing or wrong API key: send it as the Authorization header");
                return;
            }
            principal = found.get();
            request.setAttribute(ApiPrincipal.REQUEST_ATTRIBUTE, principal);
        }
        Caller caller = principal.isAdmin() ? Caller.ADMIN : Caller.account(principal.accountId());
        chain.doFilter(new CallerRequest(request, caller), response);
    }

    /**
     * Whether the query string, or a form body, has a parameter named like the caller header (which the routes would
     * see beside the header this filter sets).
     */
    private static boolean namesTheCaller(HttpServletRequest request) {
        String query = request.getQueryString();
        if (query != null) {
            for (String pair : query.split("&")) {
                String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                try {
                    name = java.net.URLDecoder.decode(name, StandardCharsets.UTF_8);
                } catch (IllegalArgumentException undecodable) {
                    // compared as sent
                }
                if (Caller.HEADER.equalsIgnoreCase(name.trim())) {
                    return true;
                }
            }
        }
        String type = request.getContentType();
        if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            for (java.util.Enumeration<String> names = request.getParameterNames(); names.hasMoreElements();) {
                if (Caller.HEADER.equalsIgnoreCase(names.nextElement().trim())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void answer(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(ApiResponses.errorBody(message));
    }
}
