package dev.hookline.spring.boot.provider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requires the API key on every request under {@code /api/} (the OpenAPI document excepted): as the whole
 * {@code Authorization} header, or after {@code Bearer }. Anything else is answered 401 before any route runs, the
 * same for resources that exist and ones that do not. The comparison takes the same time whatever the key sent.
 */
public class ApiKeyFilter extends OncePerRequestFilter {

    private final byte[] key;
    private final String publicPath;

    public ApiKeyFilter(String key, String publicPath) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
        this.publicPath = publicPath;
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
        byte[] given = header == null ? new byte[0] : header.trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, key)) {
            response.setStatus(401);
            response.setContentType("application/json");
            response.setHeader("WWW-Authenticate", "Bearer");
            response.getOutputStream().write(
                    "{\"errors\":[{\"message\":\"Missing or wrong API key: send it as the Authorization header\"}]}"
                            .getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(request, response);
    }
}
