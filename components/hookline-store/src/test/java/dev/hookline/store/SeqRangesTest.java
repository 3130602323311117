package dev.hookline.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SeqRangesTest {

    @Test
    void writesRunsAsRangesFromTheFirstNumber() {
        assertThat(SeqRanges.encode(new long[] { 100, 101, 102, 103 }, 4)).isEqualTo("0-3");
        assertThat(SeqRanges.encode(new long[] { 7 }, 1)).isEqualTo("0");
        assertThat(SeqRanges.encode(new long[] { 10, 12, 15, 16, 17, 20, 0 }, 6)).isEqualTo("0,2,5-7,10");
    }

    @Test
    void readsBackWhatItWrote() {
        long[] seqs = { 5_000_000_000L, 5_000_000_001L, 5_000_000_003L, 5_000_000_010L, 5_000_000_011L };
        assertThat(SeqRanges.decode(seqs[0], SeqRanges.encode(seqs, seqs.length), seqs.length)).containsExactly(seqs);
        assertThat(SeqRanges.decode(1, "0-9999", 10_000)).hasSize(10_000).startsWith(1, 2).endsWith(10_000);
    }
}
