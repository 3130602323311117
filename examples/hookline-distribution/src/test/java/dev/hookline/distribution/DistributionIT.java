package dev.hookline.distribution;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * hookline-server-VERSION.tar.gz as an operator uses it: unpacked with tar, bin/hookline started in the foreground
 * (Java from JAVA_HOME, a port from JAVA_OPTS, an argument passed through), the API answers with the key the server
 * generated into the data directory under the installation, and SIGTERM stops it as systemd would; on this build's
 * Java runtime and, where one is installed, on Java 25 or later.
 */
class DistributionIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @Test
    void unpacksStartsAnswersAndStops() throws Exception {
        Path home = unpack();
        assertThat(home.resolve("lib/hookline-server.jar")).isRegularFile();
        assertThat(home.resolve("etc/application.properties")).isRegularFile();
        assertThat(home.resolve("etc/hookline.service")).isRegularFile();
        assertThat(home.resolve("README.md")).isRegularFile();
        assertThat(Files.isExecutable(home.resolve("bin/hookline"))).as("bin/hookline is executable").isTrue();

        List<String> jvmArguments = startAnswerAndStop(home, Path.of(System.getProperty("java.home")), "hookline.log");
        assertThat(home.resolve("data/cds/app.jsa")).as("the class data sharing archive the first start made")
                .isRegularFile();
        assertThat(jvmArguments).contains("-XX:SharedArchiveFile=" + home.resolve("data/cds/app.jsa"));
    }

    /**
     * On Java 25 and later bin/hookline makes an AOT cache instead of a CDS archive, and later starts use it. Runs
     * where such a runtime is installed (in /usr/lib/jvm, or named by {@code hookline.test.java25-home}).
     */
    @Test
    void onJava25MakesAnAotCacheAndStartsWithIt() throws Exception {
        Optional<Path> java25 = java25OrLater();
        assumeTrue(java25.isPresent(), "no Java 25 or later runtime on this machine");
        Path home = unpack();
        List<String> first = startAnswerAndStop(home, java25.get(), "first.log");
        Path cache = home.resolve("data/cds/app.aot");
        assertThat(cache).as("the AOT cache the first start made").isRegularFile();
        assertThat(home.resolve("data/cds/app.jsa")).doesNotExist();
        assertThat(first).contains("-XX:AOTCache=" + cache);
        List<String> second = startAnswerAndStop(home, java25.get(), "second.log");
        assertThat(second).contains("-XX:AOTCache=" + cache);
        assertThat(Files.readString(dir.resolve("second.log"))).as("a later start prepares nothing again")
                .doesNotContain("preparing the jar");
    }

    /**
     * Starts bin/hookline of {@code home} on the runtime in {@code javaHome}, checks that the API answers with the
     * generated key, stops it with SIGTERM as systemd would, and returns the Java process's arguments.
     */
    private List<String> startAnswerAndStop(Path home, Path javaHome, String logName) throws Exception {
        int port = freePort();
        Path log = dir.resolve(logName);
        ProcessBuilder start = new ProcessBuilder(home.resolve("bin/hookline").toString(), "--hookline.broker.port=-1")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        start.environment().remove("HOOKLINE_HOME");
        start.environment().remove("HOOKLINE_DATA_DIR");
        start.environment().put("JAVA_HOME", javaHome.toString());
        start.environment().put("JAVA_OPTS", "-Xmx512m -Dserver.port=" + port);
        long started = System.nanoTime();
        Process server = start.start();
        List<String> arguments;
        try {
            Path apiKey = home.resolve("data/api-key");
            HttpResponse<String> webhooks = awaitApi(server, port, apiKey, log);
            System.out.printf("bin/hookline on %s answered after %d ms%n", javaHome,
                    (System.nanoTime() - started) / 1_000_000);
            assertThat(webhooks.statusCode()).as(webhooks.body()).isEqualTo(200);
            assertThat(webhooks.body()).contains("\"results\"");
            HttpResponse<String> withoutKey = get(port, "/api/v1/webhooks", null);
            assertThat(withoutKey.statusCode()).isEqualTo(401);
            assertThat(home.resolve("data/db")).as("H2 in the data directory").isDirectory();
            assertThat(Files.readString(log)).doesNotContain("could not prepare class data sharing");
            // bin/hookline execs Java: the process started is the server's JVM
            arguments = List.of(server.info().arguments().orElseThrow());
        } finally {
            server.destroy();
        }
        long stopping = System.nanoTime();
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("stopped on SIGTERM; log:%n%s", tail(log)).isTrue();
        System.out.printf("stopped %d ms after SIGTERM%n", (System.nanoTime() - stopping) / 1_000_000);
        // the exit status the systemd unit counts as a clean stop (SuccessExitStatus=143)
        assertThat(server.exitValue()).as(tail(log)).isEqualTo(143);
        return arguments;
    }

    private static Optional<Path> java25OrLater() throws IOException {
        String named = System.getProperty("hookline.test.java25-home", "");
        if (!named.isBlank()) {
            return Optional.of(Path.of(named));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(h -> Files.isExecutable(h.resolve("bin/java")) && featureVersion(h) >= 25).findFirst();
        }
    }

    /** The feature version a JDK's release file names, 0 when it has none. */
    private static int featureVersion(Path javaHome) {
        try {
            for (String line : Files.readAllLines(javaHome.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=\"")) {
                    String version = line.substring("JAVA_VERSION=\"".length()).replace("\"", "");
                    return Integer.parseInt(version.split("[.+-]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    @Test
    void refusesToStartWithoutItsJarAndSaysWhy() throws Exception {
        Path home = unpack();
        ProcessBuilder start = new ProcessBuilder(home.resolve("bin/hookline").toString()).redirectErrorStream(true);
        start.environment().put("HOOKLINE_HOME", dir.resolve("nowhere").toString());
        start.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process script = start.start();
        String output = new String(script.getInputStream().readAllBytes());
        assertThat(script.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(script.exitValue()).isEqualTo(1);
        assertThat(output).contains(dir.resolve("nowhere") + "/lib/hookline-server.jar not found");
    }

    private Path unpack() throws IOException, InterruptedException {
        Path archive = Path.of(System.getProperty("hookline.distribution"));
        assertThat(archive).as("the tarball the build made").isRegularFile();
        assertThat(archive.getFileName().toString()).matches("hookline-server-.+\\.tar\\.gz");
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", dir.toString()).inheritIO().start();
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).isZero();
        String base = archive.getFileName().toString().replace(".tar.gz", "");
        return dir.resolve(base);
    }

    private static HttpResponse<String> awaitApi(Process server, int port, Path apiKey, Path log) throws Exception {
        // the first start also unpacks the jar and makes its class data sharing archive: about two starts' time
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(360);
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as("the server is running; log:%n%s", tail(log)).isTrue();
            try {
                // the web server listens before the routes behind /api/ have started: wait until the server is ready
                if (get(port, "/actuator/health", null).statusCode() == 200) {
                    assertThat(apiKey).as("the API key generated into the data directory").isRegularFile();
                    return get(port, "/api/v1/webhooks", Files.readString(apiKey).trim());
                }
            } catch (IOException notYet) {
                // listening soon
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the API did not answer on port " + port + "; log:\n" + tail(log));
    }

    private static HttpResponse<String> get(int port, String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (key != null) {
            request.header("Authorization", key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
