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
 * starters do; an option added to the component without its starter property fails here.
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
        JsonNode metadata = JSON.readTree(Path.of("target/classes/META-INF/spring-configuration-metadata.json").toFile());
        metadata.path("properties").forEach(p -> starter.put(p.path("name").asText(), p.path("description").asText("")));

        List<String> missing = new ArrayList<>();
        List<String> undescribed = new ArrayList<>();
        catalog.path("componentProperties").fieldNames().forEachRemaining(option -> {
            String property = "camel.component.hookline." + kebab(option);
            if (!starter.containsKey(property)) {
                missing.add(property);
            } else if (starter.get(property).isBlank()) {
                undescribed.add(property);
            }
        });
        assertThat(catalog.path("componentProperties").size()).as("component options in the catalog").isGreaterThan(5);
        assertThat(missing).as("component options the starter does not offer").isEmpty();
        assertThat(undescribed).as("starter properties without a description").isEmpty();
        assertThat(starter).containsKey("camel.component.hookline.enabled");
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
