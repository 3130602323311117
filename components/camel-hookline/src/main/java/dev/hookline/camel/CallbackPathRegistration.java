package dev.hookline.camel;

import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.DefaultPlatformHttpConsumer;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
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
 * it registers the path, so that it is listed with the runtime's HTTP endpoints. On Vert.x the body is read on the
 * event loop before the request goes to a worker thread ({@link VertxCallbackConsumer}), so that senders whose bodies
 * never arrive hold no worker thread.
 */
final class CallbackPathRegistration {

    private CallbackPathRegistration() {
    }

    /**
     * A consumer, not yet started, that hands each POST on {@code path} to {@code handler}.
     *
     * @throws IllegalStateException when the runtime has no platform-http engine (found when the component starts)
     */
    static DefaultPlatformHttpConsumer create(CamelContext context, String path, Processor handler, long maxBodySize)
            throws Exception {
        PlatformHttpComponent component;
        try {
            component = context.getComponent("platform-http", PlatformHttpComponent.class);
        } catch (RuntimeException e) {
            throw noServer(path, e);
        }
        if (component == null) {
            throw noServer(path, null);
        }
        PlatformHttpEndpoint endpoint = new CallbackHttpEndpoint(path, component, maxBodySize);
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

    /** A platform-http endpoint whose consumer, on Vert.x, reads the body before a worker thread takes the request. */
    private static final class CallbackHttpEndpoint extends PlatformHttpEndpoint {

        private static final boolean VERTX = present("org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine");

        private final long maxBodySize;

        CallbackHttpEndpoint(String path, PlatformHttpComponent component, long maxBodySize) {
            super("platform-http:" + path, path, component);
            this.maxBodySize = maxBodySize;
        }

        @Override
        protected PlatformHttpConsumer createPlatformHttpConsumer(Processor processor) throws Exception {
            PlatformHttpConsumer consumer = super.createPlatformHttpConsumer(processor); // finds the engine
            PlatformHttpEngine engine = getPlatformHttpEngine() != null ? getPlatformHttpEngine() : getComponent().getEngine();
            if (VERTX && VertxCallbackConsumer.servesOn(engine)) {
                return VertxCallbackConsumer.create(this, processor, engine, maxBodySize, RawRequestBody.READ_TIMEOUT_MILLIS);
            }
            return consumer;
        }

        private static boolean present(String className) {
            try {
                Class.forName(className, false, CallbackPathRegistration.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }
    }
}
