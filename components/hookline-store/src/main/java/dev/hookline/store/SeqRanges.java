package dev.hookline.store;

import java.util.Arrays;

/**
 * A part's event numbers, written as offsets from its first in ranges: {@code 0-499} for 500 consecutive events,
 * {@code 0,2,5-9} where a subscription's filters skipped some. Numbers are in increasing order.
 */
final class SeqRanges {

    private SeqRanges() {
    }

    static String encode(long[] seqs, int count) {
        long first = seqs[0];
        StringBuilder out = new StringBuilder(16);
        int i = 0;
        while (i < count) {
            int j = i;
            while (j + 1 < count && seqs[j + 1] == seqs[j] + 1) {
                j++;
            }
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(seqs[i] - first);
            if (j > i) {
                out.append('-').append(seqs[j] - first);
            }
            i = j + 1;
        }
        return out.toString();
    }

    static long[] decode(long first, String ranges, int count) {
        long[] seqs = new long[count];
        int n = 0;
        for (String range : ranges.split(",")) {
            int dash = range.indexOf('-');
            long from = Long.parseLong(dash < 0 ? range : range.substring(0, dash));
            long to = dash < 0 ? from : Long.parseLong(range.substring(dash + 1));
            for (long offset = from; offset <= to; offset++) {
                if (n == seqs.length) {
                    seqs = Arrays.copyOf(seqs, n * 2 + 1);
                }
                seqs[n++] = first + offset;
            }
        }
        return n == seqs.length ? seqs : Arrays.copyOf(seqs, n);
    }
}
