package dev.hookline.core;

/**
 * A string read through a clock, for regular expressions run on what others sent or wrote: once its deadline has
 * passed, reading it throws {@link DeadlinePassed}, so a pattern that backtracks without end against a crafted value
 * stops instead of holding its thread. The clock is looked at every {@value #CHECK_EVERY} characters read, so the cost
 * stays small for patterns that are fast anyway.
 */
public final class DeadlineCharSequence implements CharSequence {

    static final int CHECK_EVERY = 1024;

    /** Thrown when the string is read after its deadline. */
    public static final class DeadlinePassed extends RuntimeException {
        DeadlinePassed() {
            super("deadline passed", null, false, false);
        }
    }

    private final CharSequence text;
    private final long deadlineNanos;
    private int reads;

    /** {@code text}, readable until {@code deadlineNanos} on {@link System#nanoTime()}'s clock. */
    public DeadlineCharSequence(CharSequence text, long deadlineNanos) {
        this.text = text;
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public char charAt(int index) {
        if (++reads >= CHECK_EVERY) {
            reads = 0;
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new DeadlinePassed();
            }
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new DeadlineCharSequence(text.subSequence(start, end), deadlineNanos);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
