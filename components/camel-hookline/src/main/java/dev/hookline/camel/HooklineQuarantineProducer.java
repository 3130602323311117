package dev.hookline.camel;

import java.util.HashMap;
import java.util.Map;

import dev.hookline.core.HooklineHeaders;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * Keeps input that Hookline refused on the quarantine queue, unchanged, with the reason and origin as message
 * properties, so that an operator can inspect and replay it with the broker's own tools.
 */
public class HooklineQuarantineProducer extends DefaultProducer {

    private final QueueSender sender;

    public HooklineQuarantineProducer(HooklineEndpoint endpoint) {
        super(endpoint);
        this.sender = new QueueSender(endpoint.connectionFactory(), endpoint.resolvedQueue());
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String body = exchange.getMessage().getBody(String.class);
        Map<String, String> props = new HashMap<>();
        props.put(HooklineHeaders.QUARANTINE_REASON, exchange.getMessage().getHeader(HooklineHeaders.QUARANTINE_REASON, String.class));
        props.put(HooklineHeaders.QUARANTINE_ORIGIN, exchange.getMessage().getHeader(HooklineHeaders.QUARANTINE_ORIGIN, String.class));
        sender.send(body == null ? "" : body, props);
    }
}
