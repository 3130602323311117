package dev.hookline.routes.delivery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Utils;
import dev.hookline.core.DeadlineCharSequence;

/**
 * The JSONata built-in functions whose whole work happens inside one call, where the evaluation's deadline (looked at
 * between the expression's steps) never looks, in bounded versions bound into each evaluation in place of the library's:
 * <ul>
 * <li>{@code $pad}: the library pads by repeated concatenation, which takes time quadratic in the width (a width of a
 * million runs for minutes); here it is linear, and a width beyond {@value #MAX_PAD_WIDTH} is refused.</li>
 * <li>{@code $match}, {@code $contains}, {@code $split} and {@code $replace} with a regular expression: a pattern that
 * backtracks without end ({@code /^((a+)+)+$/} against {@code aaaa…a!}) reads its input through a
 * {@link DeadlineCharSequence}, so it stops at the evaluation's deadline. {@code $replace} with a string pattern
 * replaces that string, also with a limit (where the library read it as a regular expression).</li>
 * </ul>
 * They take the library's arguments (the same signatures) and give what JSONata specifies: {@code $replace} replaces the
 * first {@code limit} matches, {@code $n} in a replacement string is the n-th group (empty when there is none) and
 * {@code $$} a dollar sign; a replacer function gets the match and its groups, as the library's does.
 */
final class BoundedBuiltIns {

    /** The widest {@code $pad} may make a string, in characters. */
    static final int MAX_PAD_WIDTH = 1_000_000;

    private final long deadlineNanos;

    private BoundedBuiltIns(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    /** Binds the bounded functions into {@code frame}, their regular expressions stopped at {@code deadlineNanos}. */
    static void bindInto(Jsonata.Frame frame, long deadlineNanos) {
        BoundedBuiltIns f = new BoundedBuiltIns(deadlineNanos);
        frame.bind("pad", new Jsonata.JFunction((input, args) -> pad((String) arg(args, 0), (Number) arg(args, 1),
                (String) arg(args, 2)), "<s-ns?:s>"));
        frame.bind("match", new Jsonata.JFunction((input, args) -> f.match((String) arg(args, 0), arg(args, 1),
                (Number) arg(args, 2)), "<s-f<s:o>n?:a<o>>"));
        frame.bind("contains", new Jsonata.JFunction((input, args) -> f.contains((String) arg(args, 0), arg(args, 1)),
                "<s-(sf):b>"));
        frame.bind("split", new Jsonata.JFunction((input, args) -> f.split((String) arg(args, 0), arg(args, 1),
                (Number) arg(args, 2)), "<s-(sf)n?:a<s>>"));
        frame.bind("replace", new Jsonata.JFunction((input, args) -> f.replace((String) arg(args, 0), arg(args, 1),
                arg(args, 2), (Number) arg(args, 3)), "<s-(sf)(sf)n?:s>"));
    }

    private static Object arg(Object args, int i) {
        List<?> list = (List<?>) args;
        return i < list.size() ? list.get(i) : null;
    }

    static String pad(String str, Number width, String padding) {
        if (str == null) {
            return null;
        }
        if (Math.abs(width.doubleValue()) > MAX_PAD_WIDTH) {
            throw new JException("$pad to a width beyond " + MAX_PAD_WIDTH + " characters is refused", -1);
        }
        int[] pad = (padding == null || padding.isEmpty() ? " " : padding).codePoints().toArray();
        int size = Math.abs(width.intValue());
        int pads = size - str.codePointCount(0, str.length());
        if (pads <= 0) {
            return str;
        }
        StringBuilder fill = new StringBuilder();
        for (int i = 0; i < pads; i++) {
            fill.appendCodePoint(pad[i % pad.length]);
        }
        return width.intValue() < 0 ? fill + str : str + fill;
    }

    private Boolean contains(String str, Object token) {
        if (str == null) {
            return null;
        }
        if (token instanceof Pattern pattern) {
            return bounded(() -> pattern.matcher(input(str)).find());
        }
        return str.contains((String) token);
    }

    private List<Object> match(String str, Object regex, Number limit) {
        if (str == null) {
            return null;
        }
        if (limit != null && limit.intValue() < 0) {
            throw new JException("D3040", -1, limit);
        }
        int max = limit == null ? Integer.MAX_VALUE : limit.intValue();
        return bounded(() -> {
            List<Object> result = Utils.createSequence();
            Matcher m = ((Pattern) regex).matcher(input(str));
            while (result.size() < max && m.find()) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("match", m.group());
                one.put("index", m.start());
                List<String> groups = new ArrayList<>();
                for (int g = 1; g <= m.groupCount(); g++) {
                    groups.add(m.group(g));
                }
                one.put("groups", groups);
                result.add(one);
            }
            return result;
        });
    }

    private List<String> split(String str, Object pattern, Number limit) {
        if (str == null) {
            return null;
        }
        if (pattern instanceof Pattern regex) {
            if (limit != null && limit.intValue() < 0) {
                throw new JException("D3020", -1, str);
            }
            List<String> parts = bounded(() -> Arrays.asList(regex.split(input(str), -1)));
            return limit != null && limit.intValue() < parts.size() ? parts.subList(0, limit.intValue()) : parts;
        }
        return Functions.split(str, pattern, limit);
    }

    private String replace(String str, Object pattern, Object replacement, Number limit) {
        if (str == null) {
            return null;
        }
        if (limit != null && limit.intValue() < 0) {
            throw new JException("Fourth argument of replace function must evaluate to a positive number", 0);
        }
        if (!(pattern instanceof Pattern regex)) {
            if (((String) pattern).isEmpty()) {
                throw new JException("Second argument of replace function cannot be an empty string", 0);
            }
            return replaceString(str, (String) pattern, (String) replacement, limit);
        }
        int max = limit == null ? Integer.MAX_VALUE : limit.intValue();
        return bounded(() -> {
            Matcher m = regex.matcher(input(str));
            StringBuilder out = new StringBuilder();
            for (int done = 0; done < max && m.find(); done++) {
                m.appendReplacement(out, replacement instanceof String text ? groupsOnly(text, m.groupCount())
                        : Matcher.quoteReplacement(replacerResult(replacement, m)));
            }
            m.appendTail(out);
            return out.toString();
        });
    }

    /** What a replacer function gives for a match (as the library calls it: the match, and its groups from 0). */
    private static String replacerResult(Object function, Matcher m) {
        Map<String, Object> match = new LinkedHashMap<>();
        match.put("match", m.group());
        List<String> groups = new ArrayList<>();
        for (int g = 0; g <= m.groupCount(); g++) {
            groups.add(m.group(g));
        }
        match.put("groups", groups);
        Object result;
        try {
            result = Functions.funcApply(function, List.of(match));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new JException(e, "D3012", -1, null, null);
        }
        if (!(result instanceof String text)) {
            throw new JException("D3012", -1);
        }
        return text;
    }

    private static String replaceString(String str, String pattern, String replacement, Number limit) {
        if (limit == null) {
            return str.replace(pattern, replacement);
        }
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (int i = 0; i < limit.intValue(); i++) {
            int at = str.indexOf(pattern, from);
            if (at < 0) {
                break;
            }
            out.append(str, from, at).append(replacement);
            from = at + pattern.length();
        }
        return out.append(str, from, str.length()).toString();
    }

    /**
     * A JSONata replacement string as a {@link Matcher} replacement: {@code $n} is the n-th group (nothing when the
     * pattern has fewer), {@code $$} and any other {@code $} are a dollar sign, and backslashes are themselves.
     */
    static String groupsOnly(String replacement, int groupCount) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < replacement.length(); i++) {
            char c = replacement.charAt(i);
            if (c == '$' && i + 1 < replacement.length() && replacement.charAt(i + 1) == '$') {
                out.append("\\$");
                i++;
            } else if (c == '$' && i + 1 < replacement.length() && Character.isDigit(replacement.charAt(i + 1))) {
                int group = replacement.charAt(i + 1) - '0';
                if (group <= groupCount) {
                    out.append('$').append(group);
                }
                i++;
            } else if (c == '$' || c == '\\') {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private CharSequence input(String str) {
        return new DeadlineCharSequence(str, deadlineNanos);
    }

    private static <T> T bounded(Supplier<T> match) {
        try {
            return match.get();
        } catch (DeadlineCharSequence.DeadlinePassed e) {
            throw new JException("Expression evaluation timeout: a regular expression ran out of time", -1);
        } catch (StackOverflowError e) {
            throw new JException("A regular expression recursed too deep", -1);
        }
    }
}
