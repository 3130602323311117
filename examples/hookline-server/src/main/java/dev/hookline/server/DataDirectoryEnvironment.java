package dev.hookline.server;

import java.nio.file.Path;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Publishes {@code hookline.data-path}: the data directory as an absolute path, whatever form {@code hookline.data-dir}
 * was given in, for URLs (such as H2's) that refuse relative paths.
 */
public class DataDirectoryEnvironment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        // Resolved on each lookup, not now: property sources added later (a test's own data directory, say) count.
        environment.getPropertySources().addLast(new PropertySource<>("hooklineDataPath") {
            @Override
            public Object getProperty(String name) {
                if (!"hookline.data-path".equals(name)) {
                    return null;
                }
                String dir = environment.getProperty("hookline.data-dir", "hookline-data");
                return Path.of(dir).toAbsolutePath().normalize().toString();
            }
        });
    }
}
