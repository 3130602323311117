package dev.hookline.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.hookline.spring.boot.provider.BrokerCredential;

/** The Hookline server jar in its own JVM at -Xmx512m, on fresh embedded storage, with its broker on a TCP port. */
final class ServerUnderTest implements AutoCloseable {

    static final String API_KEY = "benchmark-api-key";
    /** Sends to the events queue and nothing else: what the benchmark's JMS publisher uses. */
    static final BrokerCredential PRODUCER = BrokerCredential.generate("bench-producer");
    /** The operator's credential: the raw-broker and hand-written-route scenarios read queues of their own with it. */
    static final BrokerCredential ADMIN = BrokerCredential.generate("bench-admin");

    private final Process process;
    private final int httpPort;
    private final int brokerPort;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();
    final long startupMillis;

    ServerUnderTest(Path serverJar, Path workDir, List<String> jvmOptions, List<String> serverArguments) throws Exception {
        httpPort = freePort();
        brokerPort = freePort();
        Files.createDirectories(workDir);
        // its own copy: a rebuild during the run must not change the jar under a running JVM
        Path jar = Files.copy(serverJar, workDir.resolve("hookline-server.jar"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Djava.io.tmpdir=" + workDir.toAbsolutePath()));
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-jar", jar.toAbsolutePath().toString(),
                "--server.port=" + httpPort,
                "--hookline.data-dir=" + workDir.resolve("data").toAbsolutePath(),
                "--hookline.broker.port=" + brokerPort,
                "--hookline.broker.producer-user=" + PRODUCER.user(),
                "--hookline.broker.producer-password=" + PRODUCER.password(),
                "--hookline.broker.admin-user=" + ADMIN.user(),
                "--hookline.broker.admin-password=" + ADMIN.password(),
                "--hookline.api-key=" + API_KEY,
                "--hookline.security.allow-private-targets=true",
                "--logging.level.root=WARN"));
        command.addAll(serverArguments);
        log = workDir.resolve("server.log");
        long start = System.nanoTime();
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Thread stopOnExit = new Thread(process::destroyForcibly, "stop-server-under-test");
        Runtime.getRuntime().addShutdownHook(stopOnExit); // a harness stopped by Ctrl-C leaves no server behind
        try {
            awaitReady();
        } catch (Exception | Error e) {
            process.destroyForcibly(); // never leave a server that did not become ready running beside the next one
            process.waitFor();
            throw e;
        }
        startupMillis = (System.nanoTime() - start) / 1_000_000;
    }

    private void awaitReady() throws Exception {
        // a loaded machine can take minutes: -Dbench.start-timeout=<seconds> (default 300)
        long deadline = System.nanoTime() + Duration.ofSeconds(Long.getLong("bench.start-timeout", 300)).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited; see its server.log");
            }
            try {
                if (get("/api/v1/webhooks").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the server did not start within -Dbench.start-timeout; see its server.log");
    }

    String brokerUrl() {
        return "tcp://127.0.0.1:" + brokerPort;
    }

    Path log() {
        return log;
    }

    String url(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }

    /**
     * Subscribes {@code target} to events of {@code type} through the v1 API, in {@code format} ({@code null}: the
     * default), with the given batch limits; throws unless the server answers 200.
     */
    void subscribe(String name, String target, String type, String format, int maxEvents, int maxWaitSeconds)
            throws Exception {
        subscribe(name, target, type, format, maxEvents, maxWaitSeconds, API_KEY);
    }

    /** {@link #subscribe(String, String, String, String, int, int)} with an account's key. */
    void subscribe(String name, String target, String type, String format, int maxEvents, int maxWaitSeconds,
            String key) throws Exception {
        String body = "{\"name\":\"" + name + "\",\"target\":\"" + target + "\",\"events\":[\"" + type + "\"]"
                + (format == null ? "" : ",\"format\":\"" + format + "\"")
                + ",\"batch\":{\"max_events\":" + maxEvents + ",\"max_wait\":" + maxWaitSeconds + "}}";
        HttpResponse<String> answer = post("/api/v1/webhooks", body, key);
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("could not subscribe " + target + ": " + answer.body());
        }
    }

    HttpResponse<String> post(String path, String json) throws Exception {
        return post(path, json, API_KEY);
    }

    /** A POST with the given key: the admin's ({@link #API_KEY}) or an account's. */
    HttpResponse<String> post(String path, String json, String key) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/json").header("Authorization", key).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", API_KEY).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Peak resident memory of the server process (VmHWM), in MiB. */
    long peakRssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    /** The server's process id, for reading its CPU time. */
    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
