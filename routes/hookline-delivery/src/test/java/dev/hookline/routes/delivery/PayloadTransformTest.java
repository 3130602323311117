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

    private static String stored(String json) {
        return dev.hookline.core.EventJson.write(new dev.hookline.core.EventJson().read(json).get(0));
    }
}
