package dev.hookline.spring.boot.provider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Function;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.hookline.routes.api.Caller;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requires an API key on every request under {@code /api/} (the OpenAPI document excepted): as the whole
 * {@code Authorization} header, or after {@code Bearer }. The server's API key ({@code hookline.api-key}) makes the
 * caller the admin; an account's key makes it that account. The caller is passed on to the routes in the
 * {@link Caller#HEADER} header, which replaces any the client sent. Anything else is answered 401 before any route
 * runs, the same for resources that exist and ones that do not. The admin key is compared in constant time; an
 * account key is looked up by its hash.
 */
public class ApiKeyFilter extends OncePerRequestFilter {

    private final byte[] key;
    private final String publicPath;
    private final Function<String, Optional<String>> accountOfKey;

    public ApiKeyFilter(String key, String publicPath) {
        this(key, publicPath, k -> Optional.empty());
    }

    /**
     * @param accountOfKey the account an account key opens, or empty
     */
    public ApiKeyFilter(String key, String publicPath, Function<String, Optional<String>> accountOfKey) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
        this.publicPath = publicPath;
        this.accountOfKey = accountOfKey;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return publicPath != null && publicPath.equals(request.getRequestURI()) && "GET".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            header = header.substring(7);
        }
        String given = header == null ? "" : header.trim();
        Caller caller = null;
        if (MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), key)) {
            caller = Caller.ADMIN;
        } else if (!given.isEmpty()) {
            try {
                caller = accountOfKey.apply(given).map(Caller::account).orElse(null);
            } catch (RuntimeException unavailable) {
                // the keys live in the database: without it no account key can be checked, and none is let through
                answer(response, 503, "The database is unavailable; account keys cannot be checked now, retry later");
                return;
            }
        }
        if (caller == null) {
            response.setHeader("WWW-Authenticate", "Bearer");
            answer(response, 401, "Missing or wrong API key: send it as the Authorization header");
            return;
        }
        chain.doFilter(new CallerRequest(request, caller), response);
    }

    private static void answer(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(("{\"errors\":[{\"message\":\"" + message + "\"}]}").getBytes(StandardCharsets.UTF_8));
    }
}
