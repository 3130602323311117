package dev.hookline.routes.management;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

class EventTypeSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSchemaReferringToAUrlIsRefusedWithoutFetchingIt() throws Exception {
        AtomicInteger fetched = new AtomicInteger();
        HttpServer remote = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        remote.createContext("/", x -> {
            fetched.incrementAndGet();
            byte[] body = "{\"type\":\"object\"}".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        remote.start();
        try {
            String url = "http://127.0.0.1:" + remote.getAddress().getPort() + "/schema.json";
            assertThatThrownBy(() -> EventTypeCatalogue.validateSchema(JSON.readTree("{\"$ref\":\"" + url + "\"}")))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> EventTypeCatalogue.validateSchema(JSON.readTree(
                    "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"" + url + "#/x\"}}}")))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(fetched.get()).as("requests the schema made the server send").isZero();
        } finally {
            remote.stop(0);
        }
    }

    @Test
    void localReferencesAndTheDraftsMetaSchemaWork() {
        assertThatCode(() -> EventTypeCatalogue.validateSchema(JSON.readTree("{\"$schema\":"
                + "\"https://json-schema.org/draft/2020-12/schema\",\"$defs\":{\"id\":{\"type\":\"string\"}},"
                + "\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/id\"}}}"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> EventTypeCatalogue.validateSchema(JSON.readTree("{\"type\":\"nothing\"}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventTypeCatalogue.validateSchema(JSON.readTree("[1]")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
