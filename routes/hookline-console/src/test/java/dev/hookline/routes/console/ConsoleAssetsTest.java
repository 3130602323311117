package dev.hookline.routes.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The page loads only what the jar and its WebJar serve, and the script never writes HTML. */
class ConsoleAssetsTest {

    private static final String ROOT = "META-INF/resources/console/";

    @Test
    void everyScriptAndStylesheetThePageNamesIsOnTheClasspath() throws IOException {
        String page = read(ROOT + "index.html");
        Matcher m = Pattern.compile("(?:src|href)=\"([^\"#]+\\.(?:js|css))\"").matcher(page);
        List<String> assets = new ArrayList<>();
        while (m.find()) {
            assets.add(m.group(1));
        }
        assertThat(assets).contains("console.js", "console.css").anyMatch(a -> a.contains("webjars/uplot/"));
        for (String asset : assets) {
            String path = java.net.URI.create("/" + ROOT + "x").resolve(asset).getPath().substring(1);
            assertThat(getClass().getClassLoader().getResource(path)).as(asset + " -> " + path).isNotNull();
        }
    }

    @Test
    void theScriptSetsTextNeverHtml() throws IOException {
        String script = read(ROOT + "console.js");
        assertThat(script).doesNotContain("innerHTML").doesNotContain("outerHTML").doesNotContain("insertAdjacentHTML")
                .doesNotContain("document.write").doesNotContain("eval(");
    }

    private String read(String path) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
