package dev.hookline.connector.shopify;

import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hookline.core.fuzz.DialectFuzzing;

/**
 * Fuzzes the shopify parser with arbitrary bodies (after its signature check, with the provider's headers): it answers a
 * challenge, returns storable events, or refuses with a message, nothing else. Checked-in corpus:
 * src/test/resources/dev/hookline/connector/shopify/ShopifyDialectFuzzTestInputs (seeded with the provider's sample payloads).
 */
class ShopifyDialectFuzzTest {

    private static final ShopifyDialect DIALECT = new ShopifyDialect();

    /** application/json bodies with Map.of("x-shopify-topic", "orders/create", "x-shopify-webhook-id", "b54557e4"). */
    @FuzzTest(maxDuration = "10s")
    void parsesOrRefuses(byte[] body) {
        parsesOrRefusesCheck(body);
    }

    static void parsesOrRefusesCheck(byte[] body) {
        DialectFuzzing.parseCallback(DIALECT, "application/json", body, Map.of("x-shopify-topic", "orders/create", "x-shopify-webhook-id", "b54557e4"));
    }
}
