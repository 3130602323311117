package dev.hookline.routes.delivery.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

import javax.net.ssl.SSLException;

import dev.hookline.routes.delivery.http.BoundedAnswerConsumer.Answer;
import dev.hookline.routes.delivery.tls.TargetTls;
import dev.hookline.routes.delivery.tls.TlsContexts;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.ssl.TlsStrategy;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.reactor.IOReactorStatus;
import org.apache.hc.core5.util.DeadlineTimeoutException;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP client every webhook POST goes through: non-blocking (Apache HttpClient 5 async), so that thousands of POSTs
 * can wait on slow targets at once without a thread each, and built so that no target can hold it:
 * <ul>
 * <li>a <b>hard deadline</b> per POST: connecting, sending and the whole answer within the timeout, whatever the
 * target does (a socket timeout restarts with every byte, so a target dripping one header line every two seconds would
 * otherwise hold a POST for minutes); at the deadline the exchange is cancelled and its connection closed;</li>
 * <li><b>answers are never buffered</b>: the status line and headers are bounded ({@value #MAX_LINE} bytes a line,
 * {@value #MAX_HEADERS} header lines), at most {@value #ANSWER_LIMIT} bytes of a body are kept (the excerpt the
 * attempts API shows), a longer one closes the connection, and nothing is decompressed beyond what is kept;</li>
 * <li>no redirects are followed, no automatic retries are made (Hookline owns every attempt and its schedule), no
 * cookies are kept, and every connection resolves its host through the given resolver (which refuses internal
 * addresses unless they are allowed);</li>
 * <li>at most {@code maxPerHost} connections per target host and port.</li>
 * <li>a request with its subscription's own TLS ({@link TargetRequest#tls()}: a client certificate, CA certificates)
 * goes through a client made for that TLS, with the same deadline, bounds and resolver, one I/O thread and at most
 * twice {@code maxPerHost} connections; at most {@code maxTlsClients} such clients are kept ({@link TlsClients}), a
 * retired one is closed when the POSTs it carries have had their deadline.</li>
 * </ul>
 * The status line decides the outcome: a 2xx whose body is larger than the limit, or still coming at the deadline, is
 * delivered (the target took the request; repeating it would only duplicate it), its connection closed. Should the
 * client's I/O reactor stop all the same, the next POST starts a new client.
 */
public final class TargetHttpClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TargetHttpClient.class);

    /** The most bytes of an answer's body that are read; the rest is never read. */
    public static final int ANSWER_LIMIT = 8 * 1024;
    /** The longest line of an answer's head (status line, one header). */
    static final int MAX_LINE = 8 * 1024;
    /** The most header lines an answer may have. */
    static final int MAX_HEADERS = 100;
    /** The most characters of an answer's body kept in a delivery record. */
    private static final int EXCERPT_CHARS = 300;
    /** A Retry-After longer than this is taken as this (the retry window ends long before anyway). */
    private static final Duration MAX_RETRY_AFTER = Duration.ofDays(365);
    /** The most clients kept for subscriptions' own TLS, by default. */
    public static final int DEFAULT_MAX_TLS_CLIENTS = 32;

    private final long timeoutMs;
    private final int maxPerHost;
    private final int maxTotal;
    private final DnsResolver resolver;
    private final Supplier<Instant> clock;
    private final ScheduledThreadPoolExecutor deadlines;
    private final AtomicInteger restarts = new AtomicInteger();
    private final TlsClients tlsClients;
    private volatile CloseableHttpAsyncClient client;
    private volatile boolean closed;

    public TargetHttpClient(Duration timeout, int maxPerHost, int maxTotal, DnsResolver resolver,
            Supplier<Instant> clock) {
        this(timeout, maxPerHost, maxTotal, resolver, clock, DEFAULT_MAX_TLS_CLIENTS);
    }

    /** @param maxTlsClients the most clients kept for subscriptions' own TLS */
    public TargetHttpClient(Duration timeout, int maxPerHost, int maxTotal, DnsResolver resolver,
            Supplier<Instant> clock, int maxTlsClients) {
        this.timeoutMs = timeout.toMillis();
        this.maxPerHost = maxPerHost;
        this.maxTotal = maxTotal;
        this.resolver = resolver;
        this.clock = clock;
        this.deadlines = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "hookline-delivery-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        this.deadlines.setRemoveOnCancelPolicy(true);
        this.tlsClients = new TlsClients(maxTlsClients, this::newTlsClient, this::retire);
        this.client = newClient();
    }

    private CloseableHttpAsyncClient newClient() {
        return newClient(null, Math.max(2, Runtime.getRuntime().availableProcessors()), maxTotal);
    }

    /** A client presenting the TLS's client certificate and trusting its CA certificates besides the JVM's. */
    private CloseableHttpAsyncClient newTlsClient(TargetTls tls) {
        TlsStrategy strategy = ClientTlsStrategyBuilder.create().setSslContext(TlsContexts.of(tls)).buildAsync();
        return newClient(strategy, 1, Math.min(maxTotal, 2 * maxPerHost));
    }

    /** Closes a client no longer used for new POSTs once those it carries have had their deadline. */
    private void retire(CloseableHttpAsyncClient retired) {
        try {
            deadlines.schedule(() -> retired.close(CloseMode.IMMEDIATE), timeoutMs + 1000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            retired.close(CloseMode.IMMEDIATE);
        }
    }

    /** @param tls the TLS strategy, or {@code null} for the JVM's default TLS */
    private CloseableHttpAsyncClient newClient(TlsStrategy tls, int ioThreads, int maxConnections) {
        Timeout t = Timeout.ofMilliseconds(timeoutMs);
        PoolingAsyncClientConnectionManagerBuilder connections = PoolingAsyncClientConnectionManagerBuilder.create();
        if (tls != null) {
            connections.setTlsStrategy(tls);
        }
        CloseableHttpAsyncClient c = HttpAsyncClients.custom()
                .setConnectionManager(connections
                        .setDnsResolver(resolver)
                        .setMaxConnPerRoute(maxPerHost)
                        .setMaxConnTotal(maxConnections)
                        .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.STRICT)
                        .setConnPoolPolicy(PoolReusePolicy.LIFO)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(t)
                                .setSocketTimeout(t)
                                .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                                .setTimeToLive(TimeValue.ofMinutes(5))
                                .build())
                        .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1).build())
                        .build())
                .setHttp1Config(Http1Config.custom().setMaxLineLength(MAX_LINE).setMaxHeaderCount(MAX_HEADERS).build())
                .setIOReactorConfig(IOReactorConfig.custom()
                        .setIoThreadCount(ioThreads)
                        .setSoTimeout(t)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(t)
                        .setResponseTimeout(t)
                        .setRedirectsEnabled(false)
                        .setContentCompressionEnabled(false)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
        c.start();
        return c;
    }

    /** The deadline of every POST. */
    public Duration timeout() {
        return Duration.ofMillis(timeoutMs);
    }

    /** How many times the client's I/O reactor had stopped and a new client was started. */
    public int restarts() {
        return restarts.get();
    }

    /** How many clients for subscriptions' own TLS are kept now (at most {@code maxTlsClients}). */
    public int tlsClients() {
        return tlsClients.size();
    }

    /**
     * POSTs the request. The future completes, never exceptionally, with what came of it, within the timeout plus the
     * time the deadline's thread needs to cancel the exchange.
     */
    public CompletableFuture<TargetAnswer> post(TargetRequest request) {
        return exchange(request, ANSWER_LIMIT, (answer, tookMs) -> answered(request, answer, tookMs),
                TargetAnswer::failed);
    }

    /**
     * POSTs the request and hands over the raw answer: its status and at most {@code limit} bytes of its body (not
     * decompressed, secrets not masked), for exchanges whose answer Hookline itself reads, such as fetching an OAuth2
     * token. The same deadline, bounds and refusal of internal addresses hold as for deliveries.
     *
     * @return a future completing, never exceptionally, with the answer or with the failure's reason (secrets masked)
     */
    public CompletableFuture<RawAnswer> fetch(TargetRequest request, int limit) {
        return exchange(request, limit,
                (answer, tookMs) -> new RawAnswer(answer.response().getCode(), answer.body(), answer.cut(), null),
                (failure, tookMs) -> new RawAnswer(0, new byte[0], false, failure));
    }

    /** A raw answer: the status (0 when none came, {@code failure} saying why), the body's start, whether it was cut. */
    public record RawAnswer(int status, byte[] body, boolean cut, String failure) {
    }

    private <T> CompletableFuture<T> exchange(TargetRequest request, int limit,
            java.util.function.BiFunction<Answer, Long, T> onAnswer, java.util.function.BiFunction<String, Long, T> onFailure) {
        long started = System.nanoTime();
        CompletableFuture<T> result = new CompletableFuture<>();
        BoundedAnswerConsumer consumer = new BoundedAnswerConsumer(limit);
        java.util.concurrent.atomic.AtomicBoolean cutAnswer = new java.util.concurrent.atomic.AtomicBoolean();
        Future<Answer> exchange;
        try {
            exchange = running(request.tls()).execute(producer(request), consumer, null, new FutureCallback<>() {
                @Override
                public void completed(Answer answer) {
                    cutAnswer.set(answer.cut());
                    result.complete(onAnswer.apply(answer, millisSince(started)));
                }

                @Override
                public void failed(Exception cause) {
                    result.complete(onFailure.apply(describe(cause, request), millisSince(started)));
                }

                @Override
                public void cancelled() {
                    result.complete(onFailure.apply(timedOut(), millisSince(started)));
                }
            });
        } catch (RuntimeException notStarted) {
            result.complete(onFailure.apply("not sent: " + request.redact(String.valueOf(notStarted.getMessage())),
                    millisSince(started)));
            return result;
        }
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            Answer partial = consumer.cut();
            if (partial != null) {
                cutAnswer.set(true);
            }
            result.complete(partial != null ? onAnswer.apply(partial, millisSince(started))
                    : onFailure.apply(timedOut(), millisSince(started)));
            exchange.cancel(true);
        }, timeoutMs, TimeUnit.MILLISECONDS);
        result.whenComplete((answer, t) -> {
            deadline.cancel(false);
            if (cutAnswer.get()) {
                consumer.cut(); // the rest of a cut answer is never read: its connection is closed
                exchange.cancel(true);
            }
        });
        return result;
    }

    /** The client as it is now (to see it, or stop it, from a test). */
    CloseableHttpAsyncClient current() {
        return client;
    }

    /** The client for a request's TLS ({@code null}: the JVM's), started anew if its I/O reactor stopped. */
    private CloseableHttpAsyncClient running(TargetTls tls) {
        if (tls == null || closed) {
            return running();
        }
        return tlsClients.forTls(tls);
    }

    /** The client, started anew if its I/O reactor stopped (it must never stay stopped: every delivery needs it). */
    private CloseableHttpAsyncClient running() {
        CloseableHttpAsyncClient c = client;
        if (c.getStatus() == IOReactorStatus.ACTIVE || closed) {
            return c;
        }
        synchronized (this) {
            if (client.getStatus() != IOReactorStatus.ACTIVE && !closed) {
                LOG.error("The delivery HTTP client's I/O reactor has stopped ({}); starting a new one", client.getStatus());
                client.close(CloseMode.IMMEDIATE);
                client = newClient();
                restarts.incrementAndGet();
            }
            return client;
        }
    }

    private String timedOut() {
        return "timeout: no complete answer within " + timeoutMs + " ms";
    }

    private static AsyncRequestProducer producer(TargetRequest request) {
        String contentType = request.headers().getOrDefault("Content-Type", "application/octet-stream");
        AsyncRequestBuilder builder = AsyncRequestBuilder.post(request.target())
                .setEntity(AsyncEntityProducers.create(request.body(), ContentType.parse(contentType)));
        for (Map.Entry<String, String> h : request.headers().entrySet()) {
            if (!h.getKey().equalsIgnoreCase("Content-Type")) {
                builder.addHeader(h.getKey(), h.getValue());
            }
        }
        return builder.build();
    }

    private TargetAnswer answered(TargetRequest request, Answer answer, long tookMs) {
        HttpResponse response = answer.response();
        Header retryAfter = response.getFirstHeader("Retry-After");
        Header encoding = response.getFirstHeader("Content-Encoding");
        String excerpt = excerpt(request, answer.body(), answer.cut(), encoding == null ? null : encoding.getValue());
        return new TargetAnswer(response.getCode(), retryAfter(retryAfter == null ? null : retryAfter.getValue(),
                clock.get()), null, excerpt, answer.cut(), tookMs);
    }

    /**
     * The start of the body as one line of text, secrets masked before it is cut (also a secret's start at the very
     * end of a cut body, whose rest never came). A gzip or deflate body is inflated only as far as its kept bytes go,
     * and to at most the same size; a body in another encoding is not shown.
     */
    static String excerpt(TargetRequest request, byte[] body, boolean cut, String contentEncoding) {
        if (body.length == 0) {
            return "";
        }
        byte[] bytes = body;
        String encoding = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        if (encoding.equals("gzip") || encoding.equals("x-gzip") || encoding.equals("deflate")) {
            bytes = inflated(body, encoding.equals("deflate"));
        } else if (!encoding.isEmpty() && !encoding.equals("identity")) {
            return "(" + body.length + (cut ? "+" : "") + " bytes in Content-Encoding " + printable(encoding, 20)
                    + ", not shown)";
        }
        String text = request.redact(new String(bytes, StandardCharsets.UTF_8));
        if (cut) {
            text = request.redactCutSecret(text);
        }
        return printable(text.replaceAll("\\s+", " ").trim(), EXCERPT_CHARS);
    }

    /** The text with control characters replaced, at most {@code max} characters. */
    private static String printable(String text, int max) {
        StringBuilder sb = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && sb.length() < max; i++) {
            char c = text.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        return sb.toString();
    }

    private static byte[] inflated(byte[] body, boolean deflate) {
        byte[] out = new byte[ANSWER_LIMIT];
        int n = 0;
        try (InputStream in = deflate ? new InflaterInputStream(new ByteArrayInputStream(body))
                : new GZIPInputStream(new ByteArrayInputStream(body))) {
            for (int r; n < out.length && (r = in.read(out, n, out.length - n)) > 0;) {
                n += r;
            }
        } catch (IOException truncatedOrNotCompressed) {
            if (n == 0) {
                return body;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** A failure as a short reason: what kind, and the client's words (secrets masked). */
    static String describe(Throwable cause, TargetRequest request) {
        Throwable t = cause;
        while (t.getCause() != null && t.getCause() != t && !(t instanceof UnknownHostException)
                && !(t instanceof HttpException)) {
            t = t.getCause();
        }
        String kind;
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (t instanceof DeadlineTimeoutException || t instanceof ConnectionRequestTimeoutException) {
            kind = "timeout";
            message = "no connection to the target's host was free within the deadline (at most "
                    + "max-connections-per-host at once)";
        } else if (t instanceof ConnectTimeoutException || t instanceof SocketTimeoutException) {
            kind = "timeout";
        } else if (t instanceof UnknownHostException) {
            kind = "dns";
        } else if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
            kind = "connection refused";
        } else if (t instanceof SSLException || causedBy(cause, SSLException.class)) {
            kind = "tls"; // also a handshake that failed on the certificate (its cause is the path check's)
        } else if (t instanceof MessageConstraintException) {
            kind = "too large";
        } else if (t instanceof HttpException) {
            kind = "protocol";
        } else if (t instanceof ConnectionClosedException) {
            kind = "closed";
        } else if (t instanceof SocketException && message.toLowerCase(Locale.ROOT).contains("reset")) {
            kind = "reset";
        } else if (t instanceof CancellationException) {
            kind = "cancelled";
        } else {
            kind = "failed";
        }
        return kind + ": " + printable(request.redact(message), 500);
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** Retry-After as seconds or as an HTTP date (at most a year); {@code null} when absent or unreadable. */
    static Duration retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds >= 0 ? Duration.ofSeconds(Math.min(seconds, MAX_RETRY_AFTER.toSeconds())) : null;
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return at.isAfter(now) ? min(Duration.between(now, at)) : Duration.ZERO;
            } catch (DateTimeParseException | ArithmeticException notADate) {
                return null;
            }
        }
    }

    private static Duration min(Duration d) {
        return d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d;
    }

    private static long millisSince(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    @Override
    public void close() {
        closed = true;
        deadlines.shutdownNow();
        tlsClients.closeAll(c -> c.close(CloseMode.IMMEDIATE));
        client.close(CloseMode.IMMEDIATE);
    }
}
