package dev.hookline.spring.boot;

import dev.hookline.camel.HooklineComponent;

import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.boot.ComponentConfigurationProperties;
import org.apache.camel.spring.boot.util.CamelPropertiesHelper;
import org.apache.camel.spring.boot.util.ConditionalOnCamelContextAndAutoConfigurationBeans;
import org.apache.camel.spring.boot.util.ConditionalOnHierarchicalProperties;
import org.apache.camel.spring.boot.util.HierarchicalPropertiesEvaluator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Lazy;

/**
 * Applies {@code camel.component.hookline.*} to the hookline component, as Camel's own starters do. The component
 * needs nothing else from the application than a JMS ConnectionFactory (autowired when there is one), for
 * {@code hookline:publish} and the durable hand-off of {@code hookline:receive}: no DataSource, no JPA, no broker of
 * its own. The provider (fan-out, batching, delivery, the management API) is another starter,
 * {@code hookline-provider-starter}.
 */
@AutoConfiguration(after = CamelAutoConfiguration.class)
@Conditional(ConditionalOnCamelContextAndAutoConfigurationBeans.class)
@EnableConfigurationProperties({ ComponentConfigurationProperties.class, HooklineComponentConfiguration.class })
@ConditionalOnHierarchicalProperties({ "camel.component", "camel.component.hookline" })
public class HooklineComponentAutoConfiguration {

    private final ApplicationContext applicationContext;
    private final CamelContext camelContext;
    private final HooklineComponentConfiguration configuration;

    public HooklineComponentAutoConfiguration(ApplicationContext applicationContext, CamelContext camelContext,
            HooklineComponentConfiguration configuration) {
        this.applicationContext = applicationContext;
        this.camelContext = camelContext;
        this.configuration = configuration;
    }

    @Lazy
    @Bean
    public ComponentCustomizer configureHooklineComponent() {
        return new ComponentCustomizer() {
            @Override
            public void configure(String name, Component target) {
                CamelPropertiesHelper.copyProperties(camelContext, configuration, target);
            }

            @Override
            public boolean isEnabled(String name, Component target) {
                return HierarchicalPropertiesEvaluator.evaluate(applicationContext, "camel.component.customizer",
                        "camel.component.hookline.customizer") && target instanceof HooklineComponent;
            }
        };
    }
}
