package dev.hookline.spring.boot.provider;

import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every error answer in Hookline's shape, {@code {"errors": [{"message": ...}]}}: those of the web layer (405, 404;
 * see {@link HooklineErrorAttributes}) and those of Tomcat itself for requests it refuses before the application
 * sees them (see {@link JsonErrorReportValve}).
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class HooklineWebErrorsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(ErrorAttributes.class)
    HooklineErrorAttributes hooklineErrorAttributes() {
        return new HooklineErrorAttributes();
    }

    /**
     * {@code /error} asked for directly (not as the web server's forward of a failed request) is a path that serves
     * nothing: 404, as any other, not the 500 of an error page that has no error to show.
     */
    @Bean
    org.springframework.boot.web.servlet.FilterRegistrationBean<jakarta.servlet.Filter> hooklineNoDirectErrorPage() {
        org.springframework.boot.web.servlet.FilterRegistrationBean<jakarta.servlet.Filter> registration =
                new org.springframework.boot.web.servlet.FilterRegistrationBean<>((request, response, chain) -> {
                    jakarta.servlet.http.HttpServletResponse http = (jakarta.servlet.http.HttpServletResponse) response;
                    http.setStatus(404);
                    http.setContentType("application/json");
                    http.getOutputStream().write(
                            dev.hookline.routes.api.ApiResponses.errorBody("Not Found: nothing is served at this path"));
                });
        registration.addUrlPatterns("/error", "/error/*");
        registration.setDispatcherTypes(jakarta.servlet.DispatcherType.REQUEST); // the forward of a real error passes
        registration.setName("hooklineNoDirectErrorPage");
        return registration;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
    static class TomcatErrorReports {

        /** Runs after Spring Boot's own customizer, which installs Tomcat's HTML error report valve: replaces it. */
        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> hooklineJsonErrorReports() {
            return factory -> factory.addContextCustomizers(context -> {
                Host host = (Host) context.getParent();
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                host.getPipeline().addValve(new JsonErrorReportValve());
                if (host instanceof StandardHost standard) {
                    standard.setErrorReportValveClass(JsonErrorReportValve.class.getName());
                }
            });
        }
    }
}
