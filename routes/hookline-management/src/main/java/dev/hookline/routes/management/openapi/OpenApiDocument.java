package dev.hookline.routes.management.openapi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.models.OpenAPI;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.openapi.BeanConfig;
import org.apache.camel.openapi.RestApiResponseAdapter;
import org.apache.camel.openapi.RestOpenApiSupport;
import org.apache.camel.spi.RestApiProcessorFactory;
import org.apache.camel.spi.RestConfiguration;

/**
 * The OpenAPI document at {@code camel.rest.api-context-path}: the one camel-openapi-java writes from the REST
 * definitions, with Hookline's {@link OpenApiAddition}s applied at each request (so an event type declared a moment
 * ago is in it). Camel's own processor renders its document once, when it starts; as the Camel registry's one
 * {@link RestApiProcessorFactory}, this factory takes its place for the {@code rest-api} endpoint. Camel's part is
 * rendered by Camel's {@link RestOpenApiSupport}, from the same API properties, once at the first request; the
 * document is OpenAPI 3.1 unless {@code openapi.version} says otherwise, so that JSON Schemas (draft 2020-12) and
 * {@code webhooks} fit in it as they are. It is served as JSON.
 */
public class OpenApiDocument implements RestApiProcessorFactory {

    static final String DEFAULT_OPENAPI_VERSION = "3.1.0";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<OpenApiAddition> additions;

    public OpenApiDocument(List<OpenApiAddition> additions) {
        this.additions = List.copyOf(additions);
    }

    @Override
    public Processor createApiProcessor(CamelContext camelContext, String contextPath, RestConfiguration configuration,
            Map<String, Object> parameters) {
        Map<String, Object> options = new HashMap<>();
        if (parameters != null) {
            options.putAll(parameters);
        }
        if (configuration.getApiProperties() != null) {
            options.putAll(configuration.getApiProperties());
        }
        if (configuration.getApiHost() != null) {
            options.putIfAbsent("host", configuration.getApiHost());
        }
        if (configuration.getContextPath() != null) {
            options.putIfAbsent("base.path", configuration.getContextPath());
        }
        options.putIfAbsent("openapi.version", DEFAULT_OPENAPI_VERSION);
        return new DocumentProcessor(camelContext, configuration, options, additions);
    }

    private static final class DocumentProcessor implements Processor {

        private final CamelContext camelContext;
        private final RestConfiguration configuration;
        private final Map<String, Object> options;
        private final List<OpenApiAddition> additions;
        private volatile ObjectNode camelDocument;

        DocumentProcessor(CamelContext camelContext, RestConfiguration configuration, Map<String, Object> options,
                List<OpenApiAddition> additions) {
            this.camelContext = camelContext;
            this.configuration = configuration;
            this.options = options;
            this.additions = additions;
        }

        @Override
        public void process(Exchange exchange) throws Exception {
            ObjectNode document = camelDocument().deepCopy();
            for (OpenApiAddition addition : additions) {
                addition.addTo(document);
            }
            byte[] body = JSON.writeValueAsBytes(document);
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            exchange.getMessage().setHeader(Exchange.CONTENT_LENGTH, body.length);
            exchange.getMessage().setBody(body);
        }

        /** Camel's document, rendered by Camel once (the REST definitions do not change once started). */
        private ObjectNode camelDocument() throws Exception {
            ObjectNode document = camelDocument;
            if (document == null) {
                synchronized (this) {
                    document = camelDocument;
                    if (document == null) {
                        RestOpenApiSupport support = new RestOpenApiSupport();
                        BeanConfig config = new BeanConfig();
                        support.initOpenApi(config, options);
                        Captured captured = new Captured();
                        support.renderResourceListing(camelContext, captured, config, true,
                                camelContext.getClassResolver(), configuration, null);
                        document = (ObjectNode) JSON.readTree(captured.body.toByteArray());
                        camelDocument = document;
                    }
                }
            }
            return document;
        }
    }

    /** Keeps what Camel's renderer writes, for this class to add to. */
    private static final class Captured implements RestApiResponseAdapter {

        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private OpenAPI openApi;

        @Override
        public void setOpenApi(OpenAPI openApi) {
            this.openApi = openApi;
        }

        @Override
        public OpenAPI getOpenApi() {
            return openApi;
        }

        @Override
        public void setHeader(String name, String value) {
            // the headers of the response are this class's
        }

        @Override
        public void writeBytes(byte[] bytes) throws IOException {
            body.write(bytes);
        }

        @Override
        public void noContent() {
            // never: the document always has content
        }

        @Override
        public void copyResult(Exchange exchange) {
            // the document is written by DocumentProcessor
        }
    }
}
