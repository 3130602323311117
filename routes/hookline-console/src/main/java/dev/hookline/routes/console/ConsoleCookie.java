package dev.hookline.routes.console;

import java.time.Duration;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;

/**
 * The console's session cookie: {@code HttpOnly} (no script reads it), {@code SameSite=Strict} (no other site's page
 * sends it), {@code Secure} when the request came over HTTPS, on path {@code /} so that it reaches the API.
 */
final class ConsoleCookie {

    static final String NAME = "hookline_console";

    private ConsoleCookie() {
    }

    static String read(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (NAME.equals(c.getName())) {
                return c.getValue();
            }
        }
        return null;
    }

    static void write(HttpServletRequest request, HttpServletResponse response, String value, Duration lifetime) {
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(request, value, lifetime).toString());
    }

    static void clear(HttpServletRequest request, HttpServletResponse response) {
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(request, "", Duration.ZERO).toString());
    }

    private static ResponseCookie cookie(HttpServletRequest request, String value, Duration lifetime) {
        return ResponseCookie.from(NAME, value).httpOnly(true).sameSite("Strict").secure(request.isSecure()).path("/")
                .maxAge(lifetime).build();
    }
}
