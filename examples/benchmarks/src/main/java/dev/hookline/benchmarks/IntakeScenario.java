package dev.hookline.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Inbound intake under wrk: JSON callbacks POSTed to a {@code hookline:receive} endpoint (each answered after the
 * durable hand-off to the broker) against a bare endpoint of the same web server that answers 200 without work.
 * The two alternate round by round so that machine noise falls on both alike.
 */
final class IntakeScenario {

    /** One endpoint's medians over the rounds. */
    record Result(double requestsPerSecond, double p50Millis, double p99Millis, long requests) {
    }

    /** One wrk run. */
    record Run(double requestsPerSecond, double p50Millis, double p99Millis, long requests, long errors) {
    }

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern REQUESTS = Pattern.compile("([0-9]+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+([0-9]+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors:.*");

    private final ServerUnderTest server;
    private final Path script;
    private final int seconds;
    private final int connections;

    IntakeScenario(ServerUnderTest server, Path work, int seconds, int connections) throws IOException {
        this.server = server;
        this.seconds = seconds;
        this.connections = connections;
        this.script = work.resolve("intake.lua");
        try (InputStream in = IntakeScenario.class.getResourceAsStream("/intake.lua")) {
            Files.copy(in, script);
        }
    }

    /** Hookline's receiver first, then the bare endpoint, each the median of {@code rounds} interleaved runs. */
    List<Result> run(int rounds, int warmUpSeconds) throws Exception {
        // The request paths take tens of seconds of load to be compiled (intake: 700 -> 8,000 requests/s over a minute).
        int slice = Math.max(1, warmUpSeconds / 8);
        for (int i = 0; i < 8; i++) {
            wrk(i % 4 == 3 ? "/bench/bare" : "/hooks/bench", slice);
        }
        List<Run> intake = new ArrayList<>();
        List<Run> bare = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            boolean intakeFirst = r % 2 == 0;
            for (int i = 0; i < 2; i++) {
                boolean isIntake = (i == 0) == intakeFirst;
                Run run = wrk(isIntake ? "/hooks/bench" : "/bench/bare", seconds);
                (isIntake ? intake : bare).add(run);
                System.out.printf("  round %d, %s: %,.0f requests/s, p50 %.2f ms, p99 %.2f ms%n", r + 1,
                        isIntake ? "hookline:receive" : "bare endpoint", run.requestsPerSecond(), run.p50Millis(), run.p99Millis());
            }
        }
        return List.of(medians(intake), medians(bare));
    }

    private static Result medians(List<Run> runs) {
        return new Result(Stats.median(runs.stream().map(Run::requestsPerSecond).toList()),
                Stats.median(runs.stream().map(Run::p50Millis).toList()),
                Stats.median(runs.stream().map(Run::p99Millis).toList()),
                runs.stream().mapToLong(Run::requests).sum());
    }

    private Run wrk(String path, int durationSeconds) throws Exception {
        Process wrk = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + durationSeconds + "s", "--latency",
                "-s", script.toString(), server.url(path)).redirectErrorStream(true).start();
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (wrk.waitFor() != 0) {
            throw new IllegalStateException("wrk failed:\n" + out);
        }
        Matcher non2xx = NON_2XX.matcher(out);
        long errors = non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0;
        Matcher socket = SOCKET_ERRORS.matcher(out);
        if (errors > 0 || socket.find()) {
            throw new IllegalStateException(path + " answered errors under load:\n" + out);
        }
        return new Run(number(RPS, out), latencyMillis(out, "50%"), latencyMillis(out, "99%"), (long) number(REQUESTS, out), errors);
    }

    private static double number(Pattern pattern, String out) {
        Matcher m = pattern.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("unexpected wrk output:\n" + out);
        }
        return Double.parseDouble(m.group(1));
    }

    /** A line of wrk's latency distribution, e.g. {@code "     99%   12.34ms"}. */
    private static double latencyMillis(String out, String percentile) {
        Matcher m = Pattern.compile("^\\s+" + Pattern.quote(percentile) + "\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE).matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no " + percentile + " latency in wrk output:\n" + out);
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }
}
