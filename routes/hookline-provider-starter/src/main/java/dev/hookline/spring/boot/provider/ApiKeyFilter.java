package dev.hookline.spring.boot.provider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.hookline.routes.api.ApiKeyAuthenticator;
import dev.hookline.routes.api.ApiPrincipal;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requires the API key on every request under {@code /api/} (the OpenAPI document excepted): as the whole
 * {@code Authorization} header, or after {@code Bearer }. Anything else is answered 401 before any route runs, the
 * same for resources that exist and ones that do not. The comparison takes the same time whatever the key sent. A
 * request that an earlier filter already authenticated (a console session) carries its {@link ApiPrincipal} and
 * passes; one authenticated here gets the principal of its key.
 */
public class ApiKeyFilter extends OncePerRequestFilter {

    private final ApiKeyAuthenticator keys;
    private final String publicPath;

    public ApiKeyFilter(ApiKeyAuthenticator keys, String publicPath) {
        this.keys = keys;
        this.publicPath = publicPath;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return publicPath != null && publicPath.equals(request.getRequestURI()) && "GET".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getAttribute(ApiPrincipal.REQUEST_ATTRIBUTE) != null) {
            chain.doFilter(request, response);
            return;
        }
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            header = header.substring(7);
        }
        Optional<ApiPrincipal> principal = keys.authenticate(header == null ? "" : header.trim());
        if (principal.isEmpty()) {
            response.setStatus(401);
            response.setContentType("application/json");
            response.setHeader("WWW-Authenticate", "Bearer");
            response.getOutputStream().write(
                    "{\"errors\":[{\"message\":\"Missing or wrong API key: send it as the Authorization header\"}]}"
                            .getBytes(StandardCharsets.UTF_8));
            return;
        }
        request.setAttribute(ApiPrincipal.REQUEST_ATTRIBUTE, principal.get());
        chain.doFilter(request, response);
    }
}
