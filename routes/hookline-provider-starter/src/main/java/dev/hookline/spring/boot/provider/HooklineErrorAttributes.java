package dev.hookline.spring.boot.provider;

import java.util.List;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;

import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.web.servlet.error.DefaultErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;

/**
 * Answers the errors the web layer produces itself (a method a path does not take, a path nothing serves) in
 * Hookline's error shape, {@code {"errors": [{"message": ...}]}}, like every other refusal, rather than Spring's
 * {@code {"timestamp", "status", "error", "path"}}.
 */
public class HooklineErrorAttributes extends DefaultErrorAttributes {

    @Override
    public Map<String, Object> getErrorAttributes(WebRequest webRequest, ErrorAttributeOptions options) {
        Object code = webRequest.getAttribute(RequestDispatcher.ERROR_STATUS_CODE, RequestAttributes.SCOPE_REQUEST);
        HttpStatus status = code instanceof Integer c ? HttpStatus.resolve(c) : null;
        String reason = status == null ? "Error" : status.getReasonPhrase();
        String method = webRequest instanceof ServletWebRequest r ? r.getRequest().getMethod() : null;
        String message = status == HttpStatus.METHOD_NOT_ALLOWED && method != null
                ? reason + ": " + method + " is not accepted here"
                : status == HttpStatus.NOT_FOUND ? reason + ": nothing is served at this path" : reason;
        return Map.of("errors", List.of(Map.of("message", message)));
    }
}
