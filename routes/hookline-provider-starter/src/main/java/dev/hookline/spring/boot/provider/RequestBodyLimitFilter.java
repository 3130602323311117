package dev.hookline.spring.boot.provider;

import java.io.ByteArrayInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.hookline.routes.api.ApiResponses;
import dev.hookline.core.StrictJson;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies larger than the configured limit with 413 before any route reads them: by Content-Length
 * when the sender declares it, and by counting when it streams (chunked). An accepted body is held in memory, at most
 * the limit, and replayed to the route.
 *
 * <p>Large bodies share a budget: a request whose body may be larger than {@value #SMALL_BODY_BYTES} bytes holds its
 * size (the limit, when it streams) of {@code maxBytesInFlight} from before it is read until its answer is written
 * (asynchronous answers included), and one that finds the budget spent waits up to {@value #BUDGET_WAIT_MILLIS} ms for
 * it, then gets 503 with {@code Retry-After}. A request's body becomes several copies in memory on its way to the
 * broker (the text, the parsed events, their canonical form, the broker's message at two bytes a character, twice:
 * about eight times the body in all), so without the budget two dozen senders of megabyte events at once exhausted a
 * 512 MiB heap. Small bodies never wait for it, so senders of large ones do not hold up anyone else's.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

    /** Bodies up to this size are never held up by the budget of large ones. */
    static final int SMALL_BODY_BYTES = 64 * 1024;
    static final long BUDGET_WAIT_MILLIS = 2_000;
    private static final int KIB = 1024;

    private final long maxBytes;
    private final long maxBytesInFlight;
    /** The budget of large bodies, in KiB. */
    private final Semaphore budget;

    /**
     * @param maxBytesInFlight the most bytes the large bodies being handled may hold together; at least
     *                         {@code maxBytes}, so that any body allowed fits
     */
    public RequestBodyLimitFilter(long maxBytes, long maxBytesInFlight) {
        this.maxBytes = maxBytes;
        this.maxBytesInFlight = Math.max(maxBytes, maxBytesInFlight);
        this.budget = new Semaphore(kib(this.maxBytesInFlight), true);
    }

    /** The budget for large bodies in flight a heap of {@code maxHeapBytes} gets by default: a 64th of it. */
    public static long defaultBytesInFlight(long maxHeapBytes) {
        return maxHeapBytes / 64;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            tooLarge(response);
            return;
        }
        int held = declared >= 0 && declared <= SMALL_BODY_BYTES ? 0 : kib(declared >= 0 ? declared : maxBytes);
        try {
            if (held > 0 && !budget.tryAcquire(held, BUDGET_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                response.setHeader("Retry-After", "1");
                refuse(response, 503, "The server is handling as many large request bodies as it holds at once ("
                        + maxBytesInFlight + " bytes); retry in a second");
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServletException("Interrupted waiting for the large bodies' budget", e);
        }
        boolean releaseNow = true;
        try {
            filter(request, response, chain);
        } finally {
            // a route served asynchronously (platform-http runs it on a task executor) holds the body until the
            // answer is written, after this filter has returned
            if (held > 0 && request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new ReleaseWhenDone(budget, held));
                releaseNow = false;
            }
            if (releaseNow) {
                budget.release(held);
            }
        }
    }

    /** Gives a large body's share of the budget back once its asynchronous answer is done, however it ends. */
    private static final class ReleaseWhenDone implements AsyncListener {
        private final Semaphore budget;
        private final int held;
        private final AtomicBoolean released = new AtomicBoolean();

        ReleaseWhenDone(Semaphore budget, int held) {
            this.budget = budget;
            this.held = held;
        }

        private void release() {
            if (released.compareAndSet(false, true)) {
                budget.release(held);
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            release();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            release();
        }

        @Override
        public void onError(AsyncEvent event) {
            release();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // started again: still held, and this listener is not registered for the new cycle
            event.getAsyncContext().addListener(this);
        }
    }

    private void filter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (body.length > maxBytes) {
            tooLarge(response);
            return;
        }
        // Hookline reads JSON and form bodies, all UTF-8: the web layer would decode invalid bytes into U+FFFD
        // silently, so they are refused here, before any route sees a changed body.
        int invalid = StrictJson.firstInvalidUtf8Byte(body);
        if (invalid >= 0) {
            refuse(response, 400, "The body is not valid UTF-8 (at byte " + invalid + ")");
            return;
        }
        chain.doFilter(new CachedBodyRequest(request, body), response);
    }

    private static int kib(long bytes) {
        return (int) Math.min(Integer.MAX_VALUE, (bytes + KIB - 1) / KIB);
    }

    private void tooLarge(HttpServletResponse response) throws IOException {
        response.setHeader("Connection", "close");
        refuse(response, 413, "The request body is larger than " + maxBytes + " bytes");
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(ApiResponses.errorBody(message));
    }

    private static final class CachedBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            InputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    try {
                        return in.available() == 0;
                    } catch (IOException e) {
                        return true;
                    }
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }

                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(), java.nio.charset.Charset.forName(encoding)));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
