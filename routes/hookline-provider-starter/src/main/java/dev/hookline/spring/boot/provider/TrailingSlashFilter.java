package dev.hookline.spring.boot.provider;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets API paths be called with or without a trailing slash. The FluidSurveys dialect documents its resources with
 * one ({@code /api/v2/webhooks/subscribe/}), and Spring MVC no longer matches a path that differs by it.
 */
public class TrailingSlashFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String uri = request.getRequestURI();
        if (uri.length() > 1 && uri.endsWith("/")) {
            String trimmed = uri.substring(0, uri.length() - 1);
            String servletPath = request.getServletPath();
            String trimmedServletPath = servletPath.endsWith("/") && servletPath.length() > 1
                    ? servletPath.substring(0, servletPath.length() - 1) : servletPath;
            chain.doFilter(new HttpServletRequestWrapper(request) {
                @Override
                public String getRequestURI() {
                    return trimmed;
                }

                @Override
                public String getServletPath() {
                    return trimmedServletPath;
                }

                @Override
                public StringBuffer getRequestURL() {
                    StringBuffer url = super.getRequestURL();
                    return url.charAt(url.length() - 1) == '/' ? url.deleteCharAt(url.length() - 1) : url;
                }
            }, response);
            return;
        }
        chain.doFilter(request, response);
    }
}
