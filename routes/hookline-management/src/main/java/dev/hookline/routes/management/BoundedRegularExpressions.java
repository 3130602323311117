package dev.hookline.routes.management;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import dev.hookline.core.DeadlineCharSequence;

/**
 * The regular expressions of catalogued schemas ({@code pattern}, {@code patternProperties}), matched in bounded
 * time: a pattern that backtracks catastrophically ({@code ^(a+)+$} against {@code aaaa…b}) stops with a
 * {@link PatternTimeoutException} once its deadline passes, instead of holding the thread that checks the event. The
 * matcher reads its input through a {@link DeadlineCharSequence}, which looks at the clock as it is read. A pattern
 * longer than {@value #MAX_PATTERN_CHARS} characters is refused when the schema is compiled. Matching is the JDK's,
 * as networknt's default ({@code find}: a pattern is not anchored unless it says so).
 */
final class BoundedRegularExpressions implements RegularExpressionFactory {

    static final int MAX_PATTERN_CHARS = 1_000;
    /** The longest one match may take when no deadline of a whole check is set. */
    static final long MATCH_BUDGET_NANOS = 200_000_000L;

    static final BoundedRegularExpressions INSTANCE = new BoundedRegularExpressions();

    private static final ThreadLocal<long[]> CHECK_DEADLINE = new ThreadLocal<>();

    private BoundedRegularExpressions() {
    }

    /** Raised when a schema's pattern is refused: too long, or not a regular expression. */
    static final class PatternRefusedException extends IllegalArgumentException {
        PatternRefusedException(String message) {
            super(message);
        }
    }

    /** Raised when matching a schema's pattern takes longer than it may. */
    static final class PatternTimeoutException extends RuntimeException {
        PatternTimeoutException(String pattern) {
            super("the check of the pattern '" + cut(pattern, 60) + "' took too long", null, false, false);
        }
    }

    /**
     * Runs {@code check} with every pattern it matches on this thread bounded by one deadline, {@code budgetNanos}
     * from now (and each match by {@link #MATCH_BUDGET_NANOS} as well).
     */
    static <T> T within(long budgetNanos, java.util.function.Supplier<T> check) {
        long[] before = CHECK_DEADLINE.get();
        CHECK_DEADLINE.set(new long[] { System.nanoTime() + budgetNanos });
        try {
            return check.get();
        } finally {
            if (before == null) {
                CHECK_DEADLINE.remove();
            } else {
                CHECK_DEADLINE.set(before);
            }
        }
    }

    @Override
    public RegularExpression getRegularExpression(String regex) {
        if (regex.length() > MAX_PATTERN_CHARS) {
            throw new PatternRefusedException("a pattern is longer than " + MAX_PATTERN_CHARS + " characters");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new PatternRefusedException("'" + cut(regex, 60) + "' is not a regular expression: "
                    + e.getDescription());
        }
        return value -> {
            long now = System.nanoTime();
            long deadline = now + MATCH_BUDGET_NANOS;
            long[] check = CHECK_DEADLINE.get();
            if (check != null && check[0] - deadline < 0) {
                deadline = check[0];
            }
            if (deadline - now <= 0) {
                // the check's budget is spent: many short matches (patternProperties over many keys) stop here
                throw new PatternTimeoutException(regex);
            }
            try {
                return pattern.matcher(new DeadlineCharSequence(value, deadline)).find();
            } catch (DeadlineCharSequence.DeadlinePassed e) {
                throw new PatternTimeoutException(regex);
            } catch (StackOverflowError e) {
                throw new PatternTimeoutException(regex); // a pattern recursing as deep as the input is long
            }
        };
    }

    private static String cut(String s, int max) {
        String clean = s.replaceAll("\\p{Cntrl}", " ");
        return clean.length() > max ? clean.substring(0, max) + "..." : clean;
    }
}
