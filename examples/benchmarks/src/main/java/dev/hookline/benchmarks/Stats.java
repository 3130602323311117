package dev.hookline.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Medians: on a shared, noisy machine the middle of several runs says more than their mean. */
final class Stats {

    private Stats() {
    }

    /** The value at quantile {@code q} (0 to 1) of the values, by the nearest rank below. */
    static double percentile(List<Double> values, double q) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.floor(q * (sorted.size() - 1)));
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
