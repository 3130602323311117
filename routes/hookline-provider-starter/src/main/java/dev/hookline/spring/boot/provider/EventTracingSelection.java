package dev.hookline.spring.boot.provider;

import dev.hookline.core.tracing.EventTracing;
import dev.hookline.core.tracing.OpenTelemetryEventTracing;
import io.opentelemetry.api.OpenTelemetry;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Chooses how the provider traces events: with the application's {@link OpenTelemetry} bean when it has one (the
 * OpenTelemetry Spring Boot starter, or Spring Boot's own with Micrometer Tracing's OpenTelemetry bridge), else as
 * {@link EventTracing#detect()} says (OpenTelemetry's global instance with {@code camel-opentelemetry2}, else none).
 * OpenTelemetry is optional: without its API on the classpath, no class of it is loaded.
 */
final class EventTracingSelection {

    private EventTracingSelection() {
    }

    static EventTracing of(BeanFactory beans) {
        if (ClassUtils.isPresent("io.opentelemetry.api.OpenTelemetry", EventTracingSelection.class.getClassLoader())) {
            EventTracing bean = OpenTelemetryBean.tracing(beans);
            if (bean != null) {
                return bean;
            }
        }
        return EventTracing.detect();
    }

    /** Loaded only when the OpenTelemetry API is present. */
    private static final class OpenTelemetryBean {
        static EventTracing tracing(BeanFactory beans) {
            OpenTelemetry openTelemetry = beans.getBeanProvider(OpenTelemetry.class).getIfUnique();
            return openTelemetry == null ? null : new OpenTelemetryEventTracing(openTelemetry);
        }
    }
}
