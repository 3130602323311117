package dev.hookline.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    final double startupCpuSeconds;
    /** The kernel's clock ticks per second for /proc's CPU times (USER_HZ, 100 on Linux). */
    private static final int CLOCK_TICKS_PER_SECOND = 100;

    ServerUnderTest(Path serverJar, Path workDir, List<String> jvmOptions, List<String> serverArguments) throws Exception {
        this(workDir, null, Path.of(System.getProperty("java.home")), jvmOptions, serverArguments, serverJar);
    }

    /**
     * The server as an unpacked distribution starts it: {@code home}/bin/hookline with {@code JAVA_OPTS=-Xmx512m}, its
     * data directory in {@code workDir} (kept between starts with the same {@code workDir}), on the Java runtime in
     * {@code javaHome}.
     */
    static ServerUnderTest viaStartScript(Path home, Path javaHome, Path workDir, List<String> serverArguments)
            throws Exception {
        return new ServerUnderTest(workDir, home, javaHome, List.of(), serverArguments, null);
    }

    private ServerUnderTest(Path workDir, Path home, Path javaHome, List<String> jvmOptions, List<String> serverArguments,
            Path serverJar) throws Exception {
        httpPort = freePort();
        brokerPort = freePort();
        Files.createDirectories(workDir);
        List<String> command = new ArrayList<>();
        Map<String, String> environment = new HashMap<>();
        if (home == null) {
            // its own copy: a rebuild during the run must not change the jar under a running JVM
            Path jar = workDir.resolve("hookline-server.jar");
            Files.copy(serverJar, jar, StandardCopyOption.REPLACE_EXISTING);
            command.addAll(List.of(javaHome.resolve("bin/java").toString(),
                    "-Xmx512m", "-Djava.io.tmpdir=" + workDir.toAbsolutePath()));
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        } else {
            command.add(home.resolve("bin/hookline").toString());
            environment.put("JAVA_HOME", javaHome.toString());
            environment.put("JAVA_OPTS", "-Xmx512m -Djava.io.tmpdir=" + workDir.toAbsolutePath());
            environment.put("HOOKLINE_HOME", home.toAbsolutePath().toString());
            environment.put("HOOKLINE_DATA_DIR", workDir.resolve("data").toAbsolutePath().toString());
        }
        command.addAll(List.of(
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
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        process = builder.start();
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
        startupCpuSeconds = cpuSeconds();
    }

    /**
     * CPU time the server's process has used (user and system), with that of the children it waited for (what a start
     * script ran before it became the server): on a machine shared with other work, steadier than wall time.
     */
    double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = 0;
        for (int i = 11; i <= 14; i++) { // utime, stime, cutime, cstime (fields 14 to 17 of proc(5))
            ticks += Long.parseLong(fields[i]);
        }
        return ticks / (double) CLOCK_TICKS_PER_SECOND;
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
