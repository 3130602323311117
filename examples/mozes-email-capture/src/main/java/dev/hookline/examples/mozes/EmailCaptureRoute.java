package dev.hookline.examples.mozes;

import dev.hookline.core.HooklineHeaders;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Java DSL: Mozes callbacks on /hooks/mozes (with the shared token Mozes is configured with); data captures whose
 * item is an email address become {"email", "user_id", "campaign_id", "captured_at"} messages on the queue
 * crm.email-captures. The same route in the YAML DSL is src/main/resources/camel/email-capture.yaml.
 */
@Component
public class EmailCaptureRoute extends RouteBuilder {

    @Override
    public void configure() {
        from("hookline:receive:mozes?dialect=mozes&token={{mozes.token}}")
                .routeId("mozes-email-capture-java")
                .filter(header(HooklineHeaders.EVENT_TYPE).isEqualTo("data_capture"))
                .filter(simple("${body.data[item_key]} == 'email'"))
                .setBody(simple("${body.data}"))
                .transform().simple("{\"email\": \"${body[email]}\", \"user_id\": \"${body[user_id]}\", "
                        + "\"campaign_id\": \"${body[campaign_id]}\", \"captured_at\": \"${header.HooklineOccurredAt}\"}")
                .to("jms:queue:crm.email-captures");
    }
}
