package dev.hookline.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time of processes, read from {@code /proc/<pid>/stat} (user and system time, in clock ticks of 1/100 s): one
 * process, or a process and all its descendants together with the time of descendants that have exited (a database
 * server's backends come and go).
 */
final class ProcessCpu {

    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessCpu() {
    }

    /** CPU seconds of the process alone (all its threads). */
    static double of(long pid) {
        long[] f = fields(pid);
        return f == null ? 0 : (f[0] + f[1]) / TICKS_PER_SECOND;
    }

    /** CPU seconds of the process, its live descendants, and its descendants that exited and were waited for. */
    static double ofTree(long pid) {
        long[] root = fields(pid);
        if (root == null) {
            return 0;
        }
        double total = (root[0] + root[1] + root[2] + root[3]) / TICKS_PER_SECOND;
        for (long child : children(pid)) {
            total += ofTree(child);
        }
        return total;
    }

    /** utime, stime, cutime, cstime and ppid of a process, or {@code null} when it is gone. */
    private static long[] fields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
            return new long[] { Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
                    Long.parseLong(f[14]), Long.parseLong(f[1]) };
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static List<Long> children(long pid) {
        List<Long> children = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path p : procs) {
                long candidate = Long.parseLong(p.getFileName().toString());
                long[] f = fields(candidate);
                if (f != null && f[4] == pid) {
                    children.add(candidate);
                }
            }
        } catch (IOException e) {
            // no /proc: nothing to add
        }
        return children;
    }
}
