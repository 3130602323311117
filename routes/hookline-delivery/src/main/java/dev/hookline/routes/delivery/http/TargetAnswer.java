package dev.hookline.routes.delivery.http;

import java.time.Duration;

/**
 * What came of one POST to a target: the HTTP status (0 when no status line came back), a Retry-After when one was
 * given, why no status came back ({@code failure}: {@code timeout}, {@code reset}, {@code refused}, ...), the start of
 * the answer's body (at most {@value TargetHttpClient#ANSWER_LIMIT} bytes, secrets masked), whether the body was cut
 * because it was larger or still coming at the deadline, and how long the POST took.
 */
public record TargetAnswer(int status, Duration retryAfter, String failure, String excerpt, boolean cut, long tookMs) {

    /** The target took the request: a 2xx status. */
    public boolean delivered() {
        return status >= 200 && status < 300;
    }

    /** The answer as one line for the delivery record: the status and the start of the body, or the failure. */
    public String describe() {
        if (status == 0) {
            return failure;
        }
        StringBuilder sb = new StringBuilder("HTTP ").append(status);
        if (excerpt != null && !excerpt.isEmpty()) {
            sb.append(": ").append(excerpt);
        }
        if (cut) {
            sb.append(" (answer cut)");
        }
        return sb.toString();
    }

    public static TargetAnswer failed(String failure, long tookMs) {
        return new TargetAnswer(0, null, failure, null, false, tookMs);
    }
}
