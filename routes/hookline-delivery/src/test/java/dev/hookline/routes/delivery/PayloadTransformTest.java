package dev.hookline.routes.delivery;

import java.util.List;

import dev.hookline.core.CanonicalEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayloadTransformTest {

    private static final String EVENT = "{\"id\":\"e-1\",\"type\":\"order.paid\",\"occurred_at\":\"2026-12-06T10:00:00Z\","
            + "\"data\":{\"order\":{\"id\":42,\"total\":19.5},\"customer\":{\"email\":\"a@example.com\"}}}";

    @Test
    void theExpressionsResultBecomesTheEventsData() {
        List<String> out = PayloadTransform.compile("{\"order_id\": order.id, \"amount\": order.total, \"who\": customer.email}")
                .apply(List.of(stored(EVENT)));
        CanonicalEvent event = CanonicalEvent.of(out.get(0));
        assertThat(event.id()).isEqualTo("e-1");
        assertThat(event.type()).isEqualTo("order.paid");
        assertThat(event.toEvent().data()).containsOnlyKeys("order_id", "amount", "who");
        assertThat(out.get(0)).contains("\"order_id\":42").contains("\"amount\":19.5")
                .contains("\"who\":\"a@example.com\"");
    }

    @Test
    void anExpressionThatIsNotJsonataIsRefusedWithTheParsersMessage() {
        assertThatThrownBy(() -> PayloadTransform.compile("{\"a\": order.id")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("}");
        assertThatThrownBy(() -> PayloadTransform.compile(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PayloadTransform.compile("a".repeat(PayloadTransform.MAX_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFailureAtDeliveryNamesTheEventAndWhy() {
        assertThatThrownBy(() -> PayloadTransform.compile("$error(\"no total\")").apply(List.of(stored(EVENT))))
                .isInstanceOf(PayloadTransform.TransformFailure.class).hasMessageContaining("e-1")
                .hasMessageContaining("no total");
        assertThatThrownBy(() -> PayloadTransform.compile("order.total").apply(List.of(stored(EVENT))))
                .isInstanceOf(PayloadTransform.TransformFailure.class).hasMessageContaining("must give a JSON object");
        assertThatThrownBy(() -> PayloadTransform.compile("nothing.here").apply(List.of(stored(EVENT))))
                .isInstanceOf(PayloadTransform.TransformFailure.class).hasMessageContaining("gave nothing");
    }

    @Test
    void anExpressionThatLoopsIsStoppedByItsBounds() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> PayloadTransform.compile("($f := function($x) { $f($x + 1) }; $f(0))")
                .apply(List.of(stored(EVENT)))).as("endless recursion").isInstanceOf(PayloadTransform.TransformFailure.class);
        assertThatThrownBy(() -> PayloadTransform.compile(
                "($loop := function($n) { $n > 0 ? ($count([1..1000]) + $loop($n - 1)) : 0 }; {\"x\": $loop(100000)})")
                .apply(List.of(stored(EVENT)))).as("deep and long").isInstanceOf(PayloadTransform.TransformFailure.class);
        assertThat((System.nanoTime() - start) / 1_000_000).as("stopped, not run to the end").isLessThan(30_000);
    }

    @Test
    void anExpressionThatIteratesWithoutEndIsStoppedByItsDeadline() {
        // no recursion at all: 10^10 steps of flat iteration, which only the deadline stops
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () ->
                assertThatThrownBy(() -> PayloadTransform.compile("{\"x\": $sum($map([1..100000], function($v) "
                        + "{ $sum($map([1..100000], function($w) { $w * $v })) }))}").apply(List.of(stored(EVENT))))
                        .isInstanceOf(PayloadTransform.TransformFailure.class)
                        .hasMessageContaining("The transform failed on event").hasMessageContaining("timeout"));
    }

    @Test
    void builtInsThatDoAllTheirWorkInOneCallStopAtTheDeadline() {
        String crafted = "{\"id\":\"e-2\",\"type\":\"t\",\"occurred_at\":\"2026-12-06T10:00:00Z\",\"data\":{\"text\":\""
                + "a".repeat(40) + "!\"}}";
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> {
            for (String expression : List.of("{\"x\": $pad(\"\", 1000000000)}", "{\"x\": $pad(\"\", -1000000000, \"ab\")}",
                    "{\"x\": $match(text, /^((a+)+)+$/)}", "{\"x\": $contains(text, /^((a+)+)+$/)}",
                    "{\"x\": $split(text, /((a+)+)+b/)}", "{\"x\": $replace(text, /^((a+)+)+$/, \"y\")}",
                    "{\"x\": $replace(text, /^((a+)+)+$/, function($m) { \"y\" })}",
                    "{\"x\": $replace(text, \"^((a+)+)+$\", \"y\", 1)}")) {
                Object outcome;
                try {
                    outcome = PayloadTransform.compile(expression).apply(List.of(stored(crafted)));
                } catch (PayloadTransform.TransformFailure failure) {
                    outcome = failure;
                }
                if (expression.contains("\"^((a+)+)+$\"")) {
                    assertThat(outcome).as("a string pattern is a string, not a regular expression").isInstanceOf(List.class);
                    assertThat(outcome.toString()).contains("\"x\":\"" + "a".repeat(40) + "!\"");
                } else {
                    assertThat(outcome).as(expression).isInstanceOf(PayloadTransform.TransformFailure.class);
                    assertThat(((Exception) outcome).getMessage()).contains("The transform failed on event e-2");
                }
            }
        });
    }

    @Test
    void theBoundedBuiltInsGiveWhatJsonataSpecifies() {
        String event = "{\"id\":\"e-3\",\"type\":\"t\",\"occurred_at\":\"2026-12-06T10:00:00Z\",\"data\":{\"s\":\"ab-cd-ef\"}}";
        String out = PayloadTransform.compile("{\"right\": $pad(\"x\", 4, \"#\"), \"left\": $pad(\"x\", -4), \"same\": $pad(s, 3),"
                + " \"cycled\": $pad(\"\", 5, \"ab\"), \"has\": $contains(s, /c.-e/), \"hasText\": $contains(s, \"cd\"),"
                + " \"matches\": $match(s, /([a-z])([a-z])/), \"first\": $match(s, /[a-z]+/, 1).match,"
                + " \"parts\": $split(s, /-/), \"two\": $split(s, \"-\", 2), \"swapped\": $replace(s, /([a-z])([a-z])/, \"$2$1$$\"),"
                + " \"once\": $replace(s, /[a-z]+/, \"X\", 1), \"literal\": $replace(\"a.b.c\", \".\", \"-\", 1),"
                + " \"upper\": $replace(s, /[a-z]+/, function($m) { $uppercase($m.match) }), \"missing\": $replace(s, /(a)b/, \"[$1$2]\")}")
                .apply(List.of(stored(event))).get(0);
        assertThat(out).contains("\"right\":\"x###\"").contains("\"left\":\"   x\"").contains("\"same\":\"ab-cd-ef\"")
                .contains("\"cycled\":\"ababa\"").contains("\"has\":true").contains("\"hasText\":true")
                .contains("\"matches\":[{\"match\":\"ab\",\"index\":0,\"groups\":[\"a\",\"b\"]},"
                        + "{\"match\":\"cd\",\"index\":3,\"groups\":[\"c\",\"d\"]},{\"match\":\"ef\",\"index\":6,\"groups\":[\"e\",\"f\"]}]")
                .contains("\"first\":\"ab\"").contains("\"parts\":[\"ab\",\"cd\",\"ef\"]").contains("\"two\":[\"ab\",\"cd\"]")
                .contains("\"swapped\":\"ba$-dc$-fe$\"").contains("\"once\":\"X-cd-ef\"").contains("\"literal\":\"a-b.c\"")
                .contains("\"upper\":\"AB-CD-EF\"").contains("\"missing\":\"[a]-cd-ef\"");
    }

    @Test
    void aResultLargerThanAnEventMayBeIsRefusedWithoutBeingWrittenOut() {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> {
            assertThatThrownBy(() -> PayloadTransform.compile("{\"x\": [1..10000000]}").apply(List.of(stored(EVENT))))
                    .as("ten million numbers, 88 MB of JSON").isInstanceOf(PayloadTransform.TransformFailure.class)
                    .hasMessageContaining("gave data of more than " + PayloadTransform.MAX_RESULT_CHARS + " characters");
        });
        String large = "{\"id\":\"e-4\",\"type\":\"t\",\"occurred_at\":\"2026-12-06T10:00:00Z\",\"data\":{\"a\":\""
                + "x".repeat(900_000) + "\"}}";
        assertThat(PayloadTransform.compile("$").apply(List.of(stored(large))).get(0))
                .as("the largest event there may be goes through a transform").contains("x".repeat(1000));
    }

    private static String stored(String json) {
        return dev.hookline.core.EventJson.write(new dev.hookline.core.EventJson().read(json).get(0));
    }
}
