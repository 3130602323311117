package dev.hookline.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A Hookline server in its own JVM, started from the test classpath, that a test can kill -9 and start again. */
final class ServerProcess implements AutoCloseable {

    private final Path logDir;
    private final List<String> arguments;
    private final List<String> jvmOptions = new ArrayList<>();
    private final int port;
    private Process process;
    private int starts;
    private Path log;

    ServerProcess(Path logDir, List<String> arguments) throws IOException {
        this(logDir, List.of(), arguments);
    }

    ServerProcess(Path logDir, List<String> extraArguments, List<String> arguments) throws IOException {
        this.logDir = logDir;
        this.port = ServerTestSupport.freePort();
        this.arguments = new ArrayList<>(arguments);
        this.arguments.addAll(extraArguments);
        this.arguments.add("--server.port=" + port);
    }

    int port() {
        return port;
    }

    /** Adds options of the server's JVM (system properties, say), for its next start. */
    ServerProcess jvmOptions(String... options) {
        jvmOptions.addAll(List.of(options));
        return this;
    }

    /** What the server wrote to its console during its n-th start (from 1). */
    String log(int start) throws IOException {
        return Files.readString(logDir.resolve("server-" + start + ".log"));
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    void start() throws Exception {
        start(Duration.ofSeconds(90));
    }

    /** Starts the server and waits up to {@code timeout} until it answers (longer on a machine shared with builds). */
    void start(Duration timeout) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-Djava.io.tmpdir=" + logDir.toAbsolutePath());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(HooklineServer.class.getName());
        command.addAll(arguments);
        log = logDir.resolve("server-" + (++starts) + ".log");
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        awaitReady(timeout);
    }

    /** The console output of the latest start. */
    Path log() {
        return log;
    }

    /** SIGSTOP: the process stops where it is, its sockets and transactions open, as in a long pause. */
    void freeze() throws Exception {
        signal("STOP");
    }

    /** SIGCONT: a frozen process carries on from where it stopped. */
    void thaw() throws Exception {
        signal("CONT");
    }

    private void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    private void awaitReady(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue() + "; see " + logDir);
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url("/api/openapi.json"))).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("server not ready within " + timeout + "; see " + logDir);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

}
