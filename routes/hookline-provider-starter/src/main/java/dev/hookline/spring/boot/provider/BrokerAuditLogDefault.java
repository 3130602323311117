package dev.hookline.spring.boot.provider;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Keeps the embedded Artemis broker's audit loggers ({@code org.apache.activemq.audit.*}) at WARN unless the
 * application says otherwise. They log at INFO, and Spring Boot's default level is INFO: every message sent, delivered
 * and acknowledged became a log line of several hundred characters (the message, its properties and the queues it was
 * routed to), three or more per event, which cost CPU on every event and let any producer fill the disk with log. A
 * standalone Artemis broker keeps them off by default too. The default is the lowest-precedence property source, so a
 * {@code logging.level.org.apache.activemq.audit...} set anywhere wins.
 */
public class BrokerAuditLogDefault implements EnvironmentPostProcessor {

    static final String PROPERTY = "logging.level.org.apache.activemq.audit";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("hooklineBrokerAuditLogDefault",
                Map.of(PROPERTY, "WARN")));
    }
}
