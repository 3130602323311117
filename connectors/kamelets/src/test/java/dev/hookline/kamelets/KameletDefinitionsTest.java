package dev.hookline.kamelets;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every packaged Kamelet follows the Kamelet format (camel.apache.org/v1 Kamelet, its type label, a definition whose
 * properties are all described and typed, dependencies and a template), and agrees with the hookline component it
 * wraps: each endpoint parameter is an option in the component's catalog, each default is the option's own, secrets are
 * marked as passwords, every property is used and every placeholder defined, and every dialect has its source.
 */
class KameletDefinitionsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\??)([^}]+)}}");
    private static final Pattern MVN = Pattern.compile("mvn:([^:]+):([^:]+):([^:]+)");

    private static JsonNode catalogOptions;
    private static Set<String> dialects;

    @BeforeAll
    static void readCatalog() throws IOException {
        try (InputStream in = KameletDefinitionsTest.class.getResourceAsStream("/META-INF/dev/hookline/camel/hookline.json")) {
            assertThat(in).as("the hookline component's catalog on the classpath").isNotNull();
            catalogOptions = new ObjectMapper().readTree(in).path("properties");
        }
        dialects = new TreeSet<>();
        catalogOptions.path("dialect").path("enum").forEach(d -> dialects.add(d.asText()));
        dialects.remove("auto");
        assertThat(dialects).contains("stripe", "mozes", "json");
    }

    static Stream<Path> kamelets() throws IOException, URISyntaxException {
        Path dir = Path.of(KameletDefinitionsTest.class.getResource("/kamelets").toURI());
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(p -> p.toString().endsWith(".kamelet.yaml")).sorted().forEach(files::add);
        }
        return files.stream();
    }

    @Test
    void thereIsASinkAndASourcePerDialect() throws Exception {
        Set<String> names = new TreeSet<>();
        kamelets().forEach(p -> names.add(p.getFileName().toString().replace(".kamelet.yaml", "")));
        Set<String> expected = new TreeSet<>();
        expected.add("hookline-sink");
        dialects.forEach(d -> expected.add("hookline-" + d + "-source"));
        assertThat(names).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("kamelets")
    void followsTheKameletFormat(Path file) throws IOException {
        JsonNode k = YAML.readTree(file.toFile());
        String name = file.getFileName().toString().replace(".kamelet.yaml", "");
        assertThat(k.path("apiVersion").asText()).isEqualTo("camel.apache.org/v1");
        assertThat(k.path("kind").asText()).isEqualTo("Kamelet");
        assertThat(k.path("metadata").path("name").asText()).isEqualTo(name);
        assertThat(k.path("metadata").path("labels").path("camel.apache.org/kamelet.type").asText())
                .isEqualTo(name.endsWith("-sink") ? "sink" : "source");

        JsonNode definition = k.path("spec").path("definition");
        assertThat(definition.path("title").asText()).isNotBlank();
        assertThat(definition.path("description").asText()).isNotBlank();
        assertThat(definition.path("type").asText()).isEqualTo("object");
        JsonNode properties = definition.path("properties");
        assertThat(properties.size()).isPositive();
        for (Map.Entry<String, JsonNode> p : properties.properties()) {
            JsonNode property = p.getValue();
            assertThat(property.path("title").asText()).as("title of %s", p.getKey()).isNotBlank();
            assertThat(property.path("description").asText()).as("description of %s", p.getKey()).isNotBlank();
            assertThat(property.path("type").asText()).as("type of %s", p.getKey())
                    .isIn("string", "integer", "boolean", "number");
            if (property.has("enum") && property.has("default")) {
                List<String> values = new ArrayList<>();
                property.path("enum").forEach(v -> values.add(v.asText()));
                assertThat(values).as("enum of %s", p.getKey()).contains(property.path("default").asText());
            }
        }
        definition.path("required").forEach(r -> assertThat(properties.has(r.asText()))
                .as("required property %s is defined", r.asText()).isTrue());
        assertThat(k.path("spec").path("dependencies").size()).isPositive();
        assertThat(k.path("spec").path("template").path("from").path("uri").asText()).isNotBlank();
    }

    /** A {{name}} placeholder without a value fails the route; {{?name}} drops the parameter instead. */
    @ParameterizedTest
    @MethodSource("kamelets")
    void everyPropertyIsUsedAndEveryPlaceholderDefined(Path file) throws IOException {
        JsonNode k = YAML.readTree(file.toFile());
        JsonNode definition = k.path("spec").path("definition");
        JsonNode properties = definition.path("properties");
        Set<String> required = new TreeSet<>();
        definition.path("required").forEach(r -> required.add(r.asText()));
        Set<String> beans = new TreeSet<>();
        k.path("spec").path("template").path("beans").forEach(b -> beans.add(b.path("name").asText()));

        Set<String> used = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(k.path("spec").path("template").toString());
        while (m.find()) {
            boolean optional = !m.group(1).isEmpty();
            String name = m.group(2);
            used.add(name);
            assertThat(properties.has(name) || beans.contains(name)).as("placeholder %s is a property or a bean", name)
                    .isTrue();
            if (!optional && properties.has(name)) {
                assertThat(required.contains(name) || properties.path(name).has("default"))
                        .as("{{%s}} always has a value (required or defaulted); else use {{?%s}}", name, name).isTrue();
            }
        }
        properties.fieldNames().forEachRemaining(p -> assertThat(used).as("property %s is used", p).contains(p));
    }

    @ParameterizedTest
    @MethodSource("kamelets")
    void agreesWithTheHooklineComponent(Path file) throws IOException {
        JsonNode k = YAML.readTree(file.toFile());
        String name = file.getFileName().toString().replace(".kamelet.yaml", "");
        JsonNode properties = k.path("spec").path("definition").path("properties");
        JsonNode from = k.path("spec").path("template").path("from");
        JsonNode endpoint;
        if (name.endsWith("-sink")) {
            assertThat(from.path("uri").asText()).isEqualTo("kamelet:source");
            endpoint = from.path("steps").get(0).path("to");
            assertThat(endpoint.path("uri").asText()).isEqualTo("hookline:publish");
        } else {
            String dialect = name.substring("hookline-".length(), name.length() - "-source".length());
            assertThat(from.path("uri").asText()).isEqualTo("hookline:receive:{{name}}");
            assertThat(from.path("parameters").path("dialect").asText()).isEqualTo(dialect);
            assertThat(from.path("steps").get(0).path("to").asText()).isEqualTo("kamelet:sink");
            List<String> deps = new ArrayList<>();
            k.path("spec").path("dependencies").forEach(d -> deps.add(d.asText()));
            assertThat(deps).anyMatch(d -> d.startsWith("mvn:dev.hookline:hookline-connector-" + dialect + ":"));
            endpoint = from;
        }
        assertThat(endpoint.path("parameters").path("connectionFactory").asText())
                .isEqualTo("#bean:{{pooledConnectionFactory}}");

        Map<String, String> optionOfProperty = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> parameter : endpoint.path("parameters").properties()) {
            String option = parameter.getKey();
            assertThat(catalogOptions.has(option)).as("%s is an option of the hookline endpoint", option).isTrue();
            Matcher m = PLACEHOLDER.matcher(parameter.getValue().asText());
            if (m.matches()) {
                optionOfProperty.put(m.group(2), option);
            }
        }
        for (Map.Entry<String, String> e : optionOfProperty.entrySet()) {
            JsonNode property = properties.path(e.getKey());
            JsonNode option = catalogOptions.path(e.getValue());
            if (property.has("default") && option.has("defaultValue")) {
                assertThat(property.path("default").asText()).as("default of %s", e.getKey())
                        .isEqualTo(option.path("defaultValue").asText());
            } else if (property.has("default")) {
                // the endpoint's default depends on another option (path: /hooks/{name}); the Kamelet's says so
                assertThat(property.path("default").asText()).as("default of %s", e.getKey()).matches(".*\\{\\{\\w+}}.*");
            }
            if (option.path("secret").asBoolean()) {
                assertThat(property.path("format").asText()).as("%s is shown as a password", e.getKey())
                        .isEqualTo("password");
            }
            if (option.has("enum") && property.has("enum")) {
                List<String> kamelet = new ArrayList<>();
                property.path("enum").forEach(v -> kamelet.add(v.asText()));
                List<String> catalog = new ArrayList<>();
                option.path("enum").forEach(v -> catalog.add(v.asText()));
                assertThat(catalog).as("values of %s", e.getKey()).containsAll(kamelet);
            }
        }
    }

    /** Camel JBang and Camel K fetch these; they must be the versions this build was tested with. */
    @ParameterizedTest
    @MethodSource("kamelets")
    void dependsOnTheVersionsThisBuildTests(Path file) throws IOException {
        JsonNode k = YAML.readTree(file.toFile());
        String projectVersion = System.getProperty("hookline.version");
        assertThat(projectVersion).as("the build's version, from surefire").isNotBlank();
        for (JsonNode d : k.path("spec").path("dependencies")) {
            String dependency = d.asText();
            if (!dependency.startsWith("mvn:")) {
                assertThat(dependency).matches("camel:[a-z0-9-]+");
                continue;
            }
            Matcher m = MVN.matcher(dependency);
            assertThat(m.matches()).as(dependency).isTrue();
            String group = m.group(1);
            String artifact = m.group(2);
            String version = m.group(3);
            if (group.equals("dev.hookline")) {
                assertThat(version).as(dependency).isEqualTo(projectVersion);
                assertThat(artifact).as(dependency).matches("camel-hookline|hookline-connector-("
                        + String.join("|", dialects) + ")");
            } else {
                String pom = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
                try (InputStream in = getClass().getResourceAsStream(pom)) {
                    assertThat(in).as("%s on the test classpath", pom).isNotNull();
                    Properties props = new Properties();
                    props.load(in);
                    assertThat(version).as(dependency).isEqualTo(props.getProperty("version"));
                }
            }
        }
    }
}
