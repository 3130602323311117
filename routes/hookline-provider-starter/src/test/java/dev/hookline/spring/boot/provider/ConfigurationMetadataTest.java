package dev.hookline.spring.boot.provider;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's Spring Boot configuration metadata (what IDEs complete and document in application.properties, and
 * what the server distribution's commented configuration is checked against) describes every property, and states
 * the default each one really has. Properties of classes compiled in other modules (the pipeline's settings) get no
 * description from the annotation processor; additional-spring-configuration-metadata.json supplies them, and this
 * test keeps that file true to the code.
 */
class ConfigurationMetadataTest {

    private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

    private static List<JsonNode> properties;
    /** The {@code @ConfigurationProperties} classes by prefix, from the metadata's top-level groups. */
    private static Map<String, Class<?>> roots;

    @BeforeAll
    static void readMetadata() throws Exception {
        JsonNode metadata = new ObjectMapper().readTree(METADATA.toFile());
        properties = new ArrayList<>();
        metadata.path("properties").forEach(properties::add);
        roots = new LinkedHashMap<>();
        for (JsonNode group : metadata.path("groups")) {
            if (!group.has("sourceMethod")) {
                roots.put(group.path("name").asText(), Class.forName(group.path("type").asText()));
            }
        }
        assertThat(properties).as("properties in %s", METADATA).hasSizeGreaterThan(30);
        assertThat(roots).containsKeys("hookline", "hookline.receiver");
    }

    @Test
    void everyPropertyHasADescription() {
        List<String> undescribed = properties.stream()
                .filter(p -> p.path("description").asText("").isBlank())
                .map(p -> p.path("name").asText())
                .toList();
        assertThat(undescribed).as("properties without a description").isEmpty();
    }

    @Test
    void everyPropertyStatesTheDefaultItReallyHas() {
        List<String> wrong = new ArrayList<>();
        for (JsonNode property : properties) {
            String name = property.path("name").asText();
            String root = rootOf(name);
            String beanPath = beanPath(name.substring(root.length() + 1));
            Object actual = new BeanWrapperImpl(newInstance(roots.get(root))).getPropertyValue(beanPath);
            JsonNode documented = property.get("defaultValue");
            if (documented == null) {
                if (actual != null && !(actual instanceof Collection<?> c && c.isEmpty())) {
                    wrong.add(name + ": has the default " + actual + " but the metadata states none");
                }
                continue;
            }
            String text = documented.isArray() ? String.join(",", documented.findValuesAsText("")) : documented.asText();
            Object parsed = new BeanWrapperImpl(
                    new Binder(new MapConfigurationPropertySource(Map.of(name, text)))
                            .bindOrCreate(root, Bindable.of(roots.get(root))))
                    .getPropertyValue(beanPath);
            if (!Objects.equals(parsed, actual)) {
                wrong.add(name + ": the metadata states " + text + " (" + parsed + ") but the default is " + actual);
            }
        }
        assertThat(wrong).as("defaults in the metadata").isEmpty();
    }

    private static String rootOf(String name) {
        return roots.keySet().stream()
                .filter(prefix -> name.startsWith(prefix + "."))
                .max((a, b) -> Integer.compare(a.length(), b.length()))
                .orElseThrow(() -> new AssertionError("no @ConfigurationProperties class holds " + name));
    }

    /** {@code delivery.retry-window} to {@code delivery.retryWindow}. */
    private static String beanPath(String relaxedName) {
        StringBuilder path = new StringBuilder();
        boolean upper = false;
        for (char c : relaxedName.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                path.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return path.toString();
    }

    private static Object newInstance(Class<?> type) {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(type + " cannot be created", e);
        }
    }
}
