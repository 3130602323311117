package dev.hookline.spring.boot.provider;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The budget of large request bodies: a large body holds its size from before it is read until its answer is written,
 * asynchronous answers included; one that finds the budget spent waits, then gets 503 with Retry-After; small bodies
 * never wait for it.
 */
class RequestBodyLimitFilterTest {

    private static final int LARGE = 600 * 1024;
    private static final long LIMIT = 1024 * 1024;

    private static final FilterChain ACCEPT = (req, res) -> ((HttpServletResponse) res).setStatus(202);

    /** Room for one large body at a time. */
    private final RequestBodyLimitFilter filter = new RequestBodyLimitFilter(LIMIT, LIMIT);

    @Test
    void aLargeBodyWaitsWhileAnotherHoldsTheBudgetThenIsAskedToComeBack() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<MockHttpServletResponse> first = CompletableFuture.supplyAsync(() -> run(request(LARGE),
                (req, res) -> {
                    holding.countDown();
                    await(release);
                }));
        assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();

        long started = System.nanoTime();
        MockHttpServletResponse second = run(request(LARGE), ACCEPT);
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(second.getStatus()).isEqualTo(503);
        assertThat(second.getHeader("Retry-After")).isEqualTo("1");
        assertThat(second.getContentAsString()).contains("retry");
        assertThat(waitedMillis).as("waited for the budget first")
                .isGreaterThanOrEqualTo(RequestBodyLimitFilter.BUDGET_WAIT_MILLIS - 100);

        MockHttpServletResponse small = run(request(1_000), ACCEPT);
        assertThat(small.getStatus()).as("a small body does not wait for the large ones' budget").isEqualTo(202);

        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
        assertThat(run(request(LARGE), ACCEPT).getStatus())
                .as("the budget is back once the first was answered").isEqualTo(202);
    }

    @Test
    void anAsynchronousAnswerHoldsTheBudgetUntilItIsDone() throws Exception {
        MockHttpServletRequest async = request(LARGE);
        async.setAsyncSupported(true);
        AsyncContext[] context = new AsyncContext[1];
        MockHttpServletResponse first = run(async, (req, res) -> context[0] = req.startAsync());
        assertThat(first.getStatus()).isEqualTo(200);

        MockHttpServletResponse meanwhile = run(request(LARGE), ACCEPT);
        assertThat(meanwhile.getStatus()).as("the first body is still being handled on another thread").isEqualTo(503);

        context[0].complete();
        assertThat(run(request(LARGE), ACCEPT).getStatus())
                .as("the budget is back once the asynchronous answer is done").isEqualTo(202);
    }

    @Test
    void aStreamedBodyHoldsOnlyItsOwnSizeOnceRead() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<MockHttpServletResponse> first = CompletableFuture.supplyAsync(() -> run(streamed(100 * 1024), (req, res) -> {
            holding.countDown();
            await(release);
        }));
        assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(run(request(LARGE), (req, res) -> ((jakarta.servlet.http.HttpServletResponse) res).setStatus(202)).getStatus())
                .as("a streamed body of 100 KiB, being handled, leaves room for a 600 KiB one").isEqualTo(202);
        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWithoutWaiting() throws Exception {
        MockHttpServletResponse refused = run(request((int) LIMIT + 1), (req, res) -> {
            throw new AssertionError("not passed on");
        });
        assertThat(refused.getStatus()).isEqualTo(413);
    }

    private static MockHttpServletRequest request(int bytes) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/events");
        request.setContentType("application/json");
        request.setContent("x".repeat(bytes).getBytes());
        return request;
    }

    /** A body of unknown length, as a chunked one is. */
    private static MockHttpServletRequest streamed(int bytes) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/events") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }

            @Override
            public int getContentLength() {
                return -1;
            }
        };
        request.setContentType("application/json");
        request.setContent("x".repeat(bytes).getBytes());
        return request;
    }

    private MockHttpServletResponse run(MockHttpServletRequest request, FilterChain chain) {
        MockHttpServletResponse response = new MockHttpServletResponse();
        try {
            filter.doFilter(request, response, chain);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return response;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
