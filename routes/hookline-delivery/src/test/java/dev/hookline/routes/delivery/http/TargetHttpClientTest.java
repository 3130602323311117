package dev.hookline.routes.delivery.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import dev.hookline.routes.security.PublicOnlyDnsResolver;
import dev.hookline.routes.security.TargetGuard;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery client against targets that misbehave on purpose: each POST ends by its deadline whatever the target
 * does, no more than {@value TargetHttpClient#ANSWER_LIMIT} bytes of an answer are read, and nothing the target says
 * can make the client follow it elsewhere or echo a secret.
 */
class TargetHttpClientTest {

    private static final Duration TIMEOUT = Duration.ofMillis(1500);
    /** What the deadline's own thread may add to the timeout on a loaded machine. */
    private static final long DEADLINE_SLACK_MS = 1000;

    private final TargetHttpClient client = new TargetHttpClient(TIMEOUT, 2, 100,
            new PublicOnlyDnsResolver(new TargetGuard(true)), Instant::now);

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void aTargetDrippingHeaderLinesIsCutAtTheDeadline() throws Exception {
        try (RawTarget target = new RawTarget((head, out, socket) -> {
            RawTarget.write(out, "HTTP/1.1 200 OK\r\n");
            for (int i = 0; i < 100; i++) { // a header line every 300 ms: each byte restarts a socket timeout
                Thread.sleep(300);
                RawTarget.write(out, "X-Drip-" + i + ": x\r\n");
            }
        })) {
            TargetAnswer answer = client.post(request(target.url("/drip"))).get();
            assertThat(answer.status()).as("no status without the whole head").isZero();
            assertThat(answer.failure()).startsWith("timeout");
            assertThat(answer.tookMs()).isBetween(TIMEOUT.toMillis(), TIMEOUT.toMillis() + DEADLINE_SLACK_MS);
        }
    }

    @Test
    void aTargetThatNeverAnswersIsCutAtTheDeadline() throws Exception {
        try (RawTarget target = new RawTarget((head, out, socket) -> Thread.sleep(60_000))) {
            TargetAnswer answer = client.post(request(target.url("/hang"))).get();
            assertThat(answer.failure()).startsWith("timeout");
            assertThat(answer.tookMs()).isBetween(TIMEOUT.toMillis(), TIMEOUT.toMillis() + DEADLINE_SLACK_MS);
        }
    }

    @Test
    void aGigabyteAnswerIsNotReadItsConnectionIsClosedAndTheStatusCounts() throws Exception {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        String chunkHead = Integer.toHexString(chunk.length) + "\r\n";
        try (RawTarget target = new RawTarget((head, out, socket) -> {
            RawTarget.write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n");
            for (long sent = 0; sent < 2L * 1024 * 1024 * 1024; sent += chunk.length) {
                RawTarget.write(out, chunkHead);
                out.write(chunk);
                RawTarget.write(out, "\r\n");
            }
        })) {
            TargetAnswer answer = client.post(request(target.url("/gigabyte"))).get();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.delivered()).as("the status line decides").isTrue();
            assertThat(answer.cut()).isTrue();
            assertThat(answer.tookMs()).isLessThan(TIMEOUT.toMillis());
            Thread.sleep(500);
            long written = target.bytesWritten();
            Thread.sleep(500);
            assertThat(target.bytesWritten()).as("the connection was closed: the target can write no more")
                    .isEqualTo(written).isLessThan(64L * 1024 * 1024);
        }
    }

    @Test
    void anEndlessHeaderLineIsRefusedWithoutReadingItAndTheClientGoesOn() throws Exception {
        byte[] line = new byte[64 * 1024];
        java.util.Arrays.fill(line, (byte) 'a');
        try (RawTarget endless = new RawTarget((head, out, socket) -> {
            RawTarget.write(out, "HTTP/1.1 200 OK\r\nX-Long: ");
            for (int i = 0; i < 50_000; i++) { // 3 GB if nobody stops it
                out.write(line);
            }
        });
             RawTarget many = new RawTarget((head, out, socket) -> {
                 RawTarget.write(out, "HTTP/1.1 200 OK\r\n");
                 for (int i = 0; i < 10_000_000; i++) {
                     RawTarget.write(out, "X-" + i + ": x\r\n");
                 }
             });
             RawTarget fine = new RawTarget((head, out, socket) -> RawTarget.write(out,
                     "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"))) {
            for (RawTarget target : List.of(endless, many)) {
                TargetAnswer answer = client.post(request(target.url("/head"))).get();
                assertThat(answer.status()).isZero();
                assertThat(answer.failure()).startsWith("too large: ");
                assertThat(answer.tookMs()).isLessThan(TIMEOUT.toMillis());
                assertThat(target.bytesWritten()).as("the head was refused early").isLessThan(16L * 1024 * 1024);
            }
            assertThat(client.post(request(fine.url("/fine"))).get().status()).isEqualTo(200);
        }
    }

    @Test
    void aBodyTrickledPastTheDeadlineHasItsConnectionClosed() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong closedAfter = new java.util.concurrent.atomic.AtomicLong();
        try (RawTarget target = new RawTarget((head, out, socket) -> {
            long start = System.nanoTime();
            RawTarget.write(out, "HTTP/1.1 500 Server Error\r\nContent-Length: 1000000000000\r\n\r\n");
            try {
                for (int i = 0; i < 200; i++) {
                    RawTarget.write(out, "x");
                    Thread.sleep(100);
                }
            } catch (java.io.IOException peerClosed) {
                closedAfter.set((System.nanoTime() - start) / 1_000_000);
                closed.set(true);
                throw peerClosed;
            }
        })) {
            TargetAnswer answer = client.post(request(target.url("/trickle"))).get();
            assertThat(answer.status()).isEqualTo(500);
            assertThat(answer.cut()).isTrue();
            assertThat(answer.tookMs()).isBetween(TIMEOUT.toMillis(), TIMEOUT.toMillis() + DEADLINE_SLACK_MS);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilTrue(closed);
            assertThat(closedAfter.get()).as("the connection closed soon after the deadline")
                    .isLessThan(TIMEOUT.toMillis() + DEADLINE_SLACK_MS);
        }
    }

    @Test
    void aClientWhoseReactorStoppedIsStartedAgain() throws Exception {
        try (RawTarget target = new RawTarget((head, out, socket) -> RawTarget.write(out,
                "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"))) {
            client.current().close(org.apache.hc.core5.io.CloseMode.IMMEDIATE);
            assertThat(client.post(request(target.url("/again"))).get().status()).isEqualTo(200);
            assertThat(client.restarts()).isEqualTo(1);
        }
    }

    @Test
    void aSecretCutInHalfByTheAnswerLimitIsMaskedAsWellAndOtherEncodingsAreNotShown() throws Exception {
        String secret = "tok-SECRET-0123456789abcdefghij";
        try (RawTarget split = new RawTarget((head, out, socket) -> {
            String body = " ".repeat(TargetHttpClient.ANSWER_LIMIT - 30) + "token: " + secret + " and more";
            RawTarget.write(out, "HTTP/1.1 500 Server Error\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        });
             RawTarget brotli = new RawTarget((head, out, socket) -> RawTarget.write(out,
                     "HTTP/1.1 500 Server Error\r\nContent-Encoding: br\r\nContent-Length: 4\r\n\r\n\u0001\u0002\u0003\u0004"))) {
            TargetAnswer cut = client.post(request(split.url("/split"), secret)).get();
            assertThat(cut.excerpt()).isEqualTo("token: ****").doesNotContain(secret.substring(0, 5));
            TargetAnswer br = client.post(request(brotli.url("/br"))).get();
            assertThat(br.excerpt()).isEqualTo("(4 bytes in Content-Encoding br, not shown)");
        }
    }

    @Test
    void aLargeErrorAnswerKeepsOnlyAnExcerptWithSecretsMasked() throws Exception {
        String secret = "tok-0123456789-secret";
        try (RawTarget target = new RawTarget((head, out, socket) -> {
            String body = "you sent token " + secret + " " + "e".repeat(100_000);
            RawTarget.write(out, "HTTP/1.1 500 Server Error\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        })) {
            TargetAnswer answer = client.post(request(target.url("/error"), secret)).get();
            assertThat(answer.status()).isEqualTo(500);
            assertThat(answer.cut()).isTrue();
            assertThat(answer.excerpt()).startsWith("you sent token **** eee").hasSizeLessThanOrEqualTo(300)
                    .doesNotContain(secret);
            assertThat(answer.describe()).startsWith("HTTP 500: you sent token ****").endsWith("(answer cut)");
        }
    }

    @Test
    void aCompressedAnswerIsInflatedOnlyAsFarAsTheLimit() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write("z".repeat(50 * 1024 * 1024).getBytes(StandardCharsets.US_ASCII)); // a zip bomb: 50 MB of 'z'
        }
        byte[] bomb = zipped.toByteArray();
        try (RawTarget target = new RawTarget((head, out, socket) -> {
            RawTarget.write(out, "HTTP/1.1 503 Unavailable\r\nContent-Encoding: gzip\r\nContent-Length: " + bomb.length
                    + "\r\nRetry-After: 7\r\n\r\n");
            out.write(bomb);
        })) {
            TargetAnswer answer = client.post(request(target.url("/bomb"))).get();
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.retryAfter()).isEqualTo(Duration.ofSeconds(7));
            assertThat(answer.excerpt()).matches("z{300}");
        }
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        try (RawTarget elsewhere = new RawTarget((head, out, socket) -> RawTarget.write(out,
                "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
             RawTarget target = new RawTarget((head, out, socket) -> RawTarget.write(out,
                     "HTTP/1.1 307 Temporary Redirect\r\nLocation: " + elsewhere.url("/inside")
                             + "\r\nContent-Length: 0\r\n\r\n"))) {
            TargetAnswer answer = client.post(request(target.url("/redirect"))).get();
            assertThat(answer.status()).isEqualTo(307);
            assertThat(answer.delivered()).isFalse();
            assertThat(elsewhere.requests()).isZero();
        }
    }

    @Test
    void aResetConnectionIsAFailureWithItsReason() throws Exception {
        try (RawTarget target = new RawTarget((head, out, socket) -> {
            socket.setSoLinger(true, 0); // close with RST
            socket.close();
        })) {
            TargetAnswer answer = client.post(request(target.url("/reset"))).get();
            assertThat(answer.status()).isZero();
            assertThat(answer.failure()).matches("(reset|closed): .*");
        }
    }

    @Test
    void internalAddressesAreRefusedWhenEveryConnectionResolves() throws Exception {
        try (RawTarget target = new RawTarget((head, out, socket) -> RawTarget.write(out,
                "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
             TargetHttpClient guarded = new TargetHttpClient(TIMEOUT, 2, 100,
                     new PublicOnlyDnsResolver(new TargetGuard(false)), Instant::now)) {
            TargetAnswer answer = guarded.post(request(target.url("/inside"))).get();
            assertThat(answer.status()).isZero();
            assertThat(answer.failure()).startsWith("dns: ").contains("127.0.0.1");
            assertThat(target.requests()).isZero();
        }
    }

    @Test
    void wellBehavedTargetsKeepTheirConnection() throws Exception {
        try (RawTarget target = new RawTarget((head, out, socket) -> RawTarget.write(out,
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))) {
            for (int i = 0; i < 10; i++) {
                assertThat(client.post(request(target.url("/ok"))).get().status()).isEqualTo(200);
                Thread.sleep(20); // the answer completes the POST a moment before its connection is back in the pool
            }
            assertThat(target.requests()).isEqualTo(10);
            assertThat(target.connections()).as("connections reused, not one per POST").isLessThanOrEqualTo(2);
        }
    }

    private static TargetRequest request(String url, String... secrets) {
        return new TargetRequest(url, Map.of("Content-Type", "application/json", "X-Token", secrets.length > 0 ? secrets[0] : "-"),
                "[{\"id\":\"e-1\"}]".getBytes(StandardCharsets.UTF_8), List.of(secrets));
    }
}
