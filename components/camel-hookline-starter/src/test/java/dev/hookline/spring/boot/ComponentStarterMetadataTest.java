package dev.hookline.spring.boot;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter offers every option of the component's catalog (META-INF/dev/hookline/camel/hookline.json, generated
 * by camel-component-maven-plugin) as {@code camel.component.hookline.<option>}, described, as Camel's generated
 * starters do, with the component's own default; an option added to the component without its starter property, or
 * a default changed on one side only, fails here.
 */
class ComponentStarterMetadataTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyComponentOptionIsAStarterPropertyWithADescription() throws Exception {
        JsonNode catalog;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/dev/hookline/camel/hookline.json")) {
            assertThat(in).as("the component's catalog on the classpath").isNotNull();
            catalog = JSON.readTree(in);
        }
        Map<String, String> starter = new TreeMap<>();
        Map<String, String> starterDefaults = new TreeMap<>();
        JsonNode metadata = JSON.readTree(Path.of("target/classes/META-INF/spring-configuration-metadata.json").toFile());
        metadata.path("properties").forEach(p -> {
            starter.put(p.path("name").asText(), p.path("description").asText(""));
            starterDefaults.put(p.path("name").asText(), p.has("defaultValue") ? p.path("defaultValue").asText() : null);
        });

        List<String> missing = new ArrayList<>();
        List<String> undescribed = new ArrayList<>();
        List<String> otherDefault = new ArrayList<>();
        catalog.path("componentProperties").fields().forEachRemaining(option -> {
            String property = "camel.component.hookline." + kebab(option.getKey());
            if (!starter.containsKey(property)) {
                missing.add(property);
                return;
            }
            if (starter.get(property).isBlank()) {
                undescribed.add(property);
            }
            JsonNode componentDefault = option.getValue().get("defaultValue");
            String expected = componentDefault == null ? null : componentDefault.asText();
            if (!java.util.Objects.equals(expected, starterDefaults.get(property))) {
                otherDefault.add(property + ": the component's default is " + expected + ", the starter states "
                        + starterDefaults.get(property));
            }
        });
        assertThat(catalog.path("componentProperties").size()).as("component options in the catalog").isGreaterThan(5);
        assertThat(missing).as("component options the starter does not offer").isEmpty();
        assertThat(undescribed).as("starter properties without a description").isEmpty();
        assertThat(otherDefault).as("starter defaults that are not the component's").isEmpty();
        assertThat(starter).containsKey("camel.component.hookline.enabled");
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
