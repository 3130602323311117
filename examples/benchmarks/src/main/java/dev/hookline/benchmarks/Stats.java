package dev.hookline.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Medians: on a shared, noisy machine the middle of several runs says more than their mean. */
final class Stats {

    private Stats() {
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
