package dev.hookline.spring.boot;

import jakarta.jms.ConnectionFactory;

import dev.hookline.camel.HooklineComponent;
import dev.hookline.core.EventIdRegistry;

import org.apache.camel.Component;
import org.apache.camel.spi.ComponentCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Applies {@code camel.component.hookline.*} to the hookline component, as Camel's own starters do, and gives its
 * receivers the database-backed duplicate detection when the application has one.
 */
@AutoConfiguration
@ConditionalOnProperty(name = "camel.component.hookline.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(HooklineComponentConfiguration.class)
public class HooklineComponentAutoConfiguration {

    @Bean
    public ComponentCustomizer configureHooklineComponent(HooklineComponentConfiguration configuration,
            ObjectProvider<ConnectionFactory> connectionFactory, ObjectProvider<ReceivedIdsRepository> receivedIds,
            ObjectProvider<EventIdRegistry> eventIds) {
        return new ComponentCustomizer() {
            @Override
            public boolean isEnabled(String name, Component target) {
                return target instanceof HooklineComponent;
            }

            @Override
            public void configure(String name, Component target) {
                HooklineComponent hookline = (HooklineComponent) target;
                hookline.setEventsQueue(configuration.getEventsQueue());
                hookline.setQuarantineQueue(configuration.getQuarantineQueue());
                hookline.setMaxEventBytes(configuration.getMaxEventBytes());
                hookline.setDeadLetterQueue(configuration.getDeadLetterQueue());
                if (hookline.getConnectionFactory() == null) {
                    hookline.setConnectionFactory(connectionFactory.getIfUnique());
                }
                if (hookline.getIdempotentRepository() == null) {
                    hookline.setIdempotentRepository(receivedIds.getIfUnique());
                }
                if (hookline.getEventIdRegistry() == null) {
                    hookline.setEventIdRegistry(eventIds.getIfUnique());
                }
            }
        };
    }
}
