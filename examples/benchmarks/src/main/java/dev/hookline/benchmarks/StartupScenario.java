package dev.hookline.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Startup to ready on embedded defaults, fresh storage each time: the server jar started with {@code java -jar}, and
 * the distribution's {@code bin/hookline} (the jar unpacked, with a class data sharing archive or, on Java 25 and
 * later, an AOT cache it makes at its first start), first start and later ones, on one Java runtime or several. Wall time and the process's CPU seconds, medians of the starts.
 */
final class StartupScenario {

    /** Medians of one way of starting. */
    record Result(long wallMillis, double cpuSeconds, int starts) {
    }

    private final Path serverJar;
    private final Path distribution;
    private final Path work;

    StartupScenario(Path serverJar, Path distribution, Path work) {
        this.serverJar = serverJar;
        this.distribution = distribution;
        this.work = work;
    }

    /** {@code java -jar}, {@code starts} times. */
    Result jar(int starts) throws Exception {
        List<ServerUnderTest> measured = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            try (ServerUnderTest server = new ServerUnderTest(serverJar, work.resolve("startup-jar-" + i), List.of(), List.of())) {
                measured.add(server);
                System.out.printf("  java -jar: ready in %,d ms, %.1f CPU s%n", server.startupMillis, server.startupCpuSeconds);
            }
        }
        return medians(measured);
    }

    /**
     * bin/hookline on each Java runtime (a Java home): its first start (which prepares the archive), then
     * {@code starts} more on fresh storage, the runtimes' starts alternated so that the machine's load falls on all
     * alike. For each runtime, in the order given: the first start's result and the later starts' medians.
     */
    List<List<Result>> startScript(List<Path> javaHomes, int starts) throws Exception {
        Path home = unpack();
        List<List<ServerUnderTest>> first = new ArrayList<>();
        List<List<ServerUnderTest>> later = new ArrayList<>();
        for (int r = 0; r < javaHomes.size(); r++) {
            first.add(new ArrayList<>());
            later.add(new ArrayList<>());
        }
        for (int i = 0; i <= starts; i++) {
            for (int r = 0; r < javaHomes.size(); r++) {
                Path dir = work.resolve("startup-script-" + r);
                freshStorageKeepingArchive(dir.resolve("data"));
                try (ServerUnderTest server = ServerUnderTest.viaStartScript(home, javaHomes.get(r), dir, List.of())) {
                    (i == 0 ? first : later).get(r).add(server);
                    System.out.printf("  bin/hookline on %s%s: ready in %,d ms, %.1f CPU s%n", javaHomes.get(r),
                            i == 0 ? " (first start)" : "", server.startupMillis, server.startupCpuSeconds);
                }
            }
        }
        List<List<Result>> results = new ArrayList<>();
        for (int r = 0; r < javaHomes.size(); r++) {
            results.add(List.of(medians(first.get(r)), medians(later.get(r))));
        }
        return results;
    }

    private Path unpack() throws Exception {
        Path into = Files.createDirectories(work.resolve("distribution"));
        Process tar = new ProcessBuilder("tar", "-xzf", distribution.toAbsolutePath().toString(), "-C", into.toString())
                .inheritIO().start();
        if (tar.waitFor() != 0) {
            throw new IllegalStateException("could not unpack " + distribution);
        }
        try (Stream<Path> unpacked = Files.list(into)) {
            return unpacked.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    /** Deletes the data directory's contents but the class data sharing archive (what later starts find). */
    private static void freshStorageKeepingArchive(Path data) throws IOException {
        if (!Files.exists(data)) {
            return;
        }
        try (Stream<Path> top = Files.list(data)) {
            for (Path p : top.filter(p -> !p.getFileName().toString().equals("cds")).toList()) {
                try (Stream<Path> tree = Files.walk(p)) {
                    for (Path q : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(q);
                    }
                }
            }
        }
    }

    private static Result medians(List<ServerUnderTest> servers) {
        return new Result((long) Stats.median(servers.stream().map(s -> (double) s.startupMillis).toList()),
                Stats.median(servers.stream().map(s -> s.startupCpuSeconds).toList()), servers.size());
    }
}
