package dev.hookline.spring.boot.provider;

import java.io.IOException;
import java.io.Writer;

import dev.hookline.routes.api.ApiResponses;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's report of a request it refuses before any application code runs (an encoded slash in the path, say),
 * written in Hookline's error shape, {@code {"errors": [{"message": ...}]}}, instead of Tomcat's HTML page.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int code = response.getStatus();
        if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus status = HttpStatus.resolve(code);
        String message = (status == null ? "HTTP " + code : status.getReasonPhrase())
                + ": the web server refused the request before it reached Hookline (malformed path or headers)";
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(new String(ApiResponses.errorBody(message), java.nio.charset.StandardCharsets.UTF_8));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away, or the response can no longer be written
        }
    }
}
