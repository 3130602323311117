package dev.hookline.distribution;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The distribution's etc/application.properties lists every Hookline setting the server knows (the hookline.* and
 * camel.component.hookline.* properties in the Spring Boot configuration metadata of the jars it is built from), each
 * under a comment that says what it does, and a commented-out setting shows the real default: a property added to
 * the server without a line here fails the build, so the file cannot fall behind.
 */
class ApplicationPropertiesTest {

    private static final Path FILE = Path.of("src/dist/etc/application.properties");
    private static final Pattern SETTING = Pattern.compile("^(#?)((?:hookline|camel\\.component\\.hookline)\\.[a-z0-9.-]+)=(.*)$");

    /** Each Hookline property of the metadata, with its stated default (null when it has none). */
    private static final Map<String, JsonNode> METADATA = new TreeMap<>();
    private static List<String> lines;

    @BeforeAll
    static void read() throws IOException {
        ObjectMapper json = new ObjectMapper();
        for (URL url : Collections.list(ApplicationPropertiesTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                for (JsonNode p : json.readTree(in).path("properties")) {
                    String name = p.path("name").asText();
                    if (name.startsWith("hookline.") || name.startsWith("camel.component.hookline.")) {
                        METADATA.put(name, p);
                    }
                }
            }
        }
        assertThat(METADATA).as("Hookline properties in the configuration metadata").hasSizeGreaterThan(30)
                .containsKeys("hookline.data-dir", "hookline.delivery.timeout", "camel.component.hookline.events-queue");
        lines = Files.readAllLines(FILE);
    }

    @Test
    void everyPropertyIsThereUnderItsDescription() {
        List<String> missing = new ArrayList<>();
        List<String> undescribed = new ArrayList<>();
        for (String name : METADATA.keySet()) {
            int at = lineOf(name);
            if (at < 0) {
                missing.add(name);
                continue;
            }
            // the comment above it (other settings of the same group may stand between)
            int above = at - 1;
            while (above >= 0 && SETTING.matcher(lines.get(above)).matches()) {
                above--;
            }
            if (above < 0 || !lines.get(above).matches("# \\S.*")) {
                undescribed.add(name);
            }
        }
        assertThat(missing).as("properties missing from %s", FILE).isEmpty();
        assertThat(undescribed).as("properties without a comment above them in %s", FILE).isEmpty();
    }

    @Test
    void aCommentedOutSettingShowsItsDefault() {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, JsonNode> p : METADATA.entrySet()) {
            int at = lineOf(p.getKey());
            if (at < 0) {
                continue;
            }
            Matcher m = SETTING.matcher(lines.get(at));
            assertThat(m.matches()).isTrue();
            boolean commented = !m.group(1).isEmpty();
            JsonNode stated = p.getValue().get("defaultValue");
            String shown = m.group(3);
            if (commented && !sameValue(stated == null ? "" : stated.asText(), shown)) {
                wrong.add(p.getKey() + ": shows '" + shown + "', the default is '" + (stated == null ? "" : stated.asText()) + "'");
            }
        }
        assertThat(wrong).as("defaults shown in %s", FILE).isEmpty();
    }

    @Test
    void everyHooklineSettingInTheFileExists() {
        List<String> unknown = new ArrayList<>();
        for (String line : lines) {
            Matcher m = SETTING.matcher(line);
            if (m.matches() && !METADATA.containsKey(m.group(2))) {
                unknown.add(m.group(2));
            }
        }
        assertThat(unknown).as("settings in %s that the server does not know", FILE).isEmpty();
    }

    private static int lineOf(String name) {
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = SETTING.matcher(lines.get(i));
            if (m.matches() && m.group(2).equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** 2 and 2.0 are the same number. */
    private static boolean sameValue(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return new BigDecimal(a).compareTo(new BigDecimal(b)) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
