package dev.hookline.spring.boot.provider;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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
 * <p>Large bodies share a budget: a request whose body turns out larger than {@value #SMALL_BODY_BYTES} bytes holds
 * its size (the limit, when it streams, until it is read) of {@code maxBytesInFlight} from once its first
 * {@value #SMALL_BODY_BYTES} bytes have arrived until its answer is written (asynchronous answers included), and a
 * large body must arrive at {@value #MIN_BYTES_PER_SECOND} bytes a second at least, else 408: a sender that declares a
 * megabyte and sends a byte a second holds none of it, and cannot hold it for long. One that finds the budget spent
 * waits up to {@value #BUDGET_WAIT_MILLIS} ms for it, then gets 503 with {@code Retry-After}. A request's body becomes
 * several copies in memory on its way to the broker (the text, the parsed events, their canonical form, the broker's
 * message at two bytes a character, twice: about eight times the body in all), so without the budget two dozen senders
 * of megabyte events at once exhausted a 512 MiB heap. Small bodies never wait for it, so senders of large ones do not
 * hold up anyone else's.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

    /** Bodies up to this size are never held up by the budget of large ones. */
    static final int SMALL_BODY_BYTES = 64 * 1024;
    static final long BUDGET_WAIT_MILLIS = 2_000;
    private static final int READ_STEP_BYTES = 64 * 1024;
    /** After this long, a large body must have arrived at {@link #MIN_BYTES_PER_SECOND} at least. */
    static final long SLOW_BODY_GRACE_MILLIS = 5_000;
    static final long MIN_BYTES_PER_SECOND = 32 * 1024;
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
        Held held = new Held(budget);
        boolean releaseNow = true;
        try {
            byte[] body = declared >= 0 && declared <= SMALL_BODY_BYTES
                    ? request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1))
                    : readLarge(request, response, declared, held);
            if (body != null) {
                filter(request, response, chain, body);
            }
        } finally {
            // a route served asynchronously (platform-http runs it on a task executor) holds the body until the
            // answer is written, after this filter has returned
            if (held.kib > 0 && request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new ReleaseWhenDone(budget, held.kib));
                releaseNow = false;
            }
            if (releaseNow) {
                held.release();
            }
        }
    }

    /** What a large body holds of the budget so far, in KiB. */
    private static final class Held {
        private final Semaphore budget;
        int kib;

        Held(Semaphore budget) {
            this.budget = budget;
        }

        /** Holds {@code total} KiB in all, waiting up to {@code waitMillis} for the rest; false if it did not come. */
        boolean growTo(int total, long waitMillis) throws ServletException {
            if (total <= kib) {
                return true;
            }
            try {
                if (!budget.tryAcquire(total - kib, waitMillis, TimeUnit.MILLISECONDS)) {
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServletException("Interrupted waiting for the large bodies' budget", e);
            }
            kib = total;
            return true;
        }

        void shrinkTo(int total) {
            if (total < kib) {
                budget.release(kib - total);
                kib = total;
            }
        }

        void release() {
            budget.release(kib);
            kib = 0;
        }
    }

    /**
     * Reads a body that may be larger than {@value #SMALL_BODY_BYTES} bytes. Its first {@value #SMALL_BODY_BYTES}
     * bytes are read as a small body's are; only once more arrives does it take its share of the budget (its declared
     * size, or the limit when it streams, given back down to its actual size once it is read), so a sender that
     * declares a megabyte and sends a byte a second holds none of it. A body that arrives slower than
     * {@value #MIN_BYTES_PER_SECOND} bytes a second (after {@value #SLOW_BODY_GRACE_MILLIS} ms, time spent waiting for
     * the budget not counted) is refused with 408, so a trickle holds the budget for a bounded time only. Returns
     * null once it has answered.
     */
    private byte[] readLarge(HttpServletRequest request, HttpServletResponse response, long declared, Held held)
            throws IOException, ServletException {
        long cap = declared >= 0 ? declared : maxBytes + 1;
        ByteArrayOutputStream body = new ByteArrayOutputStream(SMALL_BODY_BYTES);
        byte[] buffer = new byte[READ_STEP_BYTES];
        InputStream in = request.getInputStream();
        long started = System.nanoTime();
        long waitedNanos = 0;
        while (body.size() < cap) {
            if (body.size() >= SMALL_BODY_BYTES && held.kib == 0) {
                long before = System.nanoTime();
                if (!held.growTo(kib(Math.min(cap, maxBytes)), BUDGET_WAIT_MILLIS)) {
                    response.setHeader("Retry-After", "1");
                    response.setHeader("Connection", "close");
                    refuse(response, 503, "The server is handling as many large request bodies as it holds at once ("
                            + maxBytesInFlight + " bytes); retry in a second");
                    return null;
                }
                waitedNanos += System.nanoTime() - before;
            }
            long room = held.kib == 0 ? SMALL_BODY_BYTES + 1L - body.size() : cap - body.size();
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, room));
            if (n < 0) {
                break;
            }
            body.write(buffer, 0, n);
            long sendingMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started - waitedNanos);
            if (sendingMillis > SLOW_BODY_GRACE_MILLIS
                    && body.size() < (sendingMillis - SLOW_BODY_GRACE_MILLIS) * MIN_BYTES_PER_SECOND / 1000) {
                response.setHeader("Connection", "close");
                refuse(response, 408, "The request body arrived slower than " + MIN_BYTES_PER_SECOND
                        + " bytes a second");
                return null;
            }
        }
        held.shrinkTo(kib(body.size()));
        return body.toByteArray();
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

    private void filter(HttpServletRequest request, HttpServletResponse response, FilterChain chain, byte[] body)
            throws ServletException, IOException {
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

    /** Answers {@code status} with Hookline's JSON error body, the request not passed on. */
    static void refuse(HttpServletResponse response, int status, String message) throws IOException {
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
