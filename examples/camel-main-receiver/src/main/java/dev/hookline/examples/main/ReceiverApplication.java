package dev.hookline.examples.main;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.main.Main;

/**
 * Hookline's component in a plain Camel Main application, without Spring Boot: an external Artemis broker
 * ({@code hookline.broker.url}, default tcp://127.0.0.1:61616, with {@code hookline.broker.user} and
 * {@code hookline.broker.password} when it requires login) carries the events queue, and Camel Main's own HTTP server
 * ({@code camel.server.*}) exposes the receiver. Configuration is in application.properties and can be
 * overridden on the command line ({@code --camel.server.port=9090}) or by environment variables.
 */
public final class ReceiverApplication {

    private ReceiverApplication() {
    }

    public static void main(String[] args) throws Exception {
        Main main = create();
        main.run(args);
    }

    /** The configured application, not yet started (tests start and stop it themselves). */
    public static Main create() {
        Main main = new Main();
        main.configure().addRoutesBuilder(new ReceiverRoutes());
        String brokerUrl = setting("hookline.broker.url", "HOOKLINE_BROKER_URL", "tcp://127.0.0.1:61616");
        String user = setting("hookline.broker.user", "HOOKLINE_BROKER_USER", null);
        String password = setting("hookline.broker.password", "HOOKLINE_BROKER_PASSWORD", null);
        // the hookline component finds its ConnectionFactory in the registry (autowired)
        main.bind("hooklineConnectionFactory", new ActiveMQConnectionFactory(brokerUrl, user, password));
        return main;
    }

    private static String setting(String property, String environment, String otherwise) {
        return System.getProperty(property, System.getenv().getOrDefault(environment, otherwise));
    }
}
