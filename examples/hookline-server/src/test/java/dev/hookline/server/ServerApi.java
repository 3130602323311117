package dev.hookline.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The management API of a server process, called with one API key, as the tests against a running server use it. */
final class ServerApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ServerProcess server;
    private final String key;

    ServerApi(ServerProcess server, String key) {
        this.server = server;
        this.key = key;
    }

    HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null);
    }

    /** A request with the key, a JSON body when {@code body} is not null. */
    HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(30))
                .header("Authorization", key);
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The {@code results} of a list answered with 200. */
    List<JsonNode> results(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(r.body()).get("results").forEach(out::add);
        return out;
    }
}
