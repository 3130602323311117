package dev.hookline.spring.boot.provider;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import dev.hookline.routes.api.Caller;

/**
 * A request with its authenticated caller in the {@link Caller#HEADER} header: the only value of that header the
 * routes see, whatever the client sent under that name (in any letter case).
 */
final class CallerRequest extends HttpServletRequestWrapper {

    private final String value;

    CallerRequest(HttpServletRequest request, Caller caller) {
        super(request);
        this.value = caller.headerValue();
    }

    @Override
    public String getHeader(String name) {
        return Caller.HEADER.equalsIgnoreCase(name) ? value : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return Caller.HEADER.equalsIgnoreCase(name) ? Collections.enumeration(List.of(value)) : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> names = new java.util.ArrayList<>();
        for (Enumeration<String> e = super.getHeaderNames(); e != null && e.hasMoreElements();) {
            String name = e.nextElement();
            if (!Caller.HEADER.equalsIgnoreCase(name)) {
                names.add(name);
            }
        }
        names.add(Caller.HEADER);
        return Collections.enumeration(names);
    }
}
