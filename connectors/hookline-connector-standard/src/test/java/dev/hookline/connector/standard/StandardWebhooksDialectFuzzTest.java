package dev.hookline.connector.standard;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hookline.core.fuzz.DialectFuzzing;

/**
 * Fuzzes the standard parser with arbitrary application/json bodies, and with whole callbacks (headers such as webhook-id and
 * webhook-signature, query parameters, body; see DialectFuzzing): it returns storable events or refuses with a message,
 * nothing else, alone and as {@code auto} recognises it, and the signature check accepts exactly the valid ones.
 * Checked-in corpus: src/test/resources/dev/hookline/connector/standard/StandardWebhooksDialectFuzzTestInputs/parsesOrRefuses.
 */
class StandardWebhooksDialectFuzzTest {

    private static final StandardWebhooksDialect DIALECT = new StandardWebhooksDialect();

    /** The short run of every build, after the checked-in corpus; StandardWebhooksDialectLongFuzzTest is the long one. */
    @DictionaryFile(resourcePath = "/dev/hookline/core/fuzz/callbacks.dict")
    @FuzzTest(maxDuration = "10s")
    void parsesOrRefuses(byte[] input) {
        check(input);
    }

    static void check(byte[] input) {
        DialectFuzzing.parseCallback(DIALECT, "application/json", input);
    }
}
