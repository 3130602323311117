package dev.hookline.spring.boot.provider;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerAuditLogDefaultTest {

    @Test
    void theBrokersAuditLoggersAreAtWarnUnlessTheApplicationSetsThem() {
        StandardEnvironment quiet = new StandardEnvironment();
        new BrokerAuditLogDefault().postProcessEnvironment(quiet, new SpringApplication());
        assertThat(quiet.getProperty(BrokerAuditLogDefault.PROPERTY)).isEqualTo("WARN");

        StandardEnvironment chosen = new StandardEnvironment();
        chosen.getPropertySources().addFirst(new MapPropertySource("application",
                Map.of(BrokerAuditLogDefault.PROPERTY, "INFO")));
        new BrokerAuditLogDefault().postProcessEnvironment(chosen, new SpringApplication());
        assertThat(chosen.getProperty(BrokerAuditLogDefault.PROPERTY)).isEqualTo("INFO");
    }
}
