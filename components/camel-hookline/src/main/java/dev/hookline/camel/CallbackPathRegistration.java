package dev.hookline.camel;

import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.DefaultPlatformHttpConsumer;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;

/**
 * Serves one POST path on the runtime's HTTP server through Camel's platform-http SPI: the
 * {@link PlatformHttpEngine} that the {@code platform-http} component finds (a bean named
 * {@code platform-http-engine}, such as the servlet engine of camel-platform-http-starter on Spring Boot, else the one
 * its FactoryFinder names, such as Vert.x on Camel Main or Camel JBang) creates the consumer for a
 * {@link PlatformHttpEndpoint} configured here, by its typed options:
 * <ul>
 * <li>{@code httpMethodRestrict=POST}: providers POST their callbacks; other methods get 405;</li>
 * <li>{@code populateBodyWithForm=false}: a form-encoded body is not turned into a map;</li>
 * <li>{@code useBodyHandler=false}: Vert.x leaves the body unread and hands over the request, so that a form-encoded
 * body's raw bytes, which its signature covers, are still there to read ({@link RawRequestBody}); other engines ignore
 * it.</li>
 * </ul>
 * The component's own settings (header filter, write-error handling, request timeout) apply as to its endpoints, and
 * it registers the path, so that it is listed with the runtime's HTTP endpoints.
 */
final class CallbackPathRegistration {

    private CallbackPathRegistration() {
    }

    /**
     * A consumer, not yet started, that hands each POST on {@code path} to {@code handler}.
     *
     * @throws IllegalStateException when the runtime has no platform-http engine (found when the component starts)
     */
    static DefaultPlatformHttpConsumer create(CamelContext context, String path, Processor handler) throws Exception {
        PlatformHttpComponent component;
        try {
            component = context.getComponent("platform-http", PlatformHttpComponent.class);
        } catch (RuntimeException e) {
            throw noServer(path, e);
        }
        if (component == null) {
            throw noServer(path, null);
        }
        PlatformHttpEndpoint endpoint = new PlatformHttpEndpoint("platform-http:" + path, path, component);
        if (component.getEngine() != null) {
            endpoint.setPlatformHttpEngine(component.getEngine());
        }
        if (component.getHeaderFilterStrategy() != null) {
            endpoint.setHeaderFilterStrategy(component.getHeaderFilterStrategy());
        }
        endpoint.setHandleWriteResponseError(component.isHandleWriteResponseError());
        endpoint.setRequestTimeout(component.getRequestTimeout());
        endpoint.setHttpMethodRestrict("POST");
        endpoint.setPopulateBodyWithForm(false);
        endpoint.setUseBodyHandler(false);
        return endpoint.createConsumer(handler);
    }

    private static IllegalStateException noServer(String path, Exception cause) {
        return new IllegalStateException("hookline:receive on " + path + " needs an HTTP server for platform-http: "
                + "camel-platform-http-starter on Spring Boot, camel-platform-http-main on Camel Main"
                + (cause == null ? "" : " (" + cause.getMessage() + ")"), cause);
    }
}
