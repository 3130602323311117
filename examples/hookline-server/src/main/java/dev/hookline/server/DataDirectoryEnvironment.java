package dev.hookline.server;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Publishes {@code hookline.data-path}: the data directory as an absolute path, whatever form {@code hookline.data-dir}
 * was given in, for URLs (such as H2's) that refuse relative paths.
 */
public class DataDirectoryEnvironment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String dir = environment.getProperty("hookline.data-dir", "hookline-data");
        String absolute = Path.of(dir).toAbsolutePath().normalize().toString();
        environment.getPropertySources().addLast(new MapPropertySource("hooklineDataPath", Map.of("hookline.data-path", absolute)));
    }
}
