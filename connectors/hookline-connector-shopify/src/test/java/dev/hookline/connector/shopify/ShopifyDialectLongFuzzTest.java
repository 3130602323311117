package dev.hookline.connector.shopify;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The long run of ShopifyDialectFuzzTest: {@code mvn -Pfuzz -pl components/hookline-core,connectors -amd verify} runs only
 * these, five minutes each. Its inputs directory is a link to ShopifyDialectFuzzTest's, so what it finds replays in every build.
 */
class ShopifyDialectLongFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void parsesOrRefuses(byte[] body) {
        ShopifyDialectFuzzTest.parsesOrRefusesCheck(body);
    }
}
