package dev.hookline.spring.boot.provider;

import org.apache.activemq.artemis.api.core.ActiveMQAddressFullException;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops the embedded broker's "AMQ224016: Caught exception" lines for a send refused because its queue was full. The
 * broker logs every such refusal of a send that expects no answer (a transacted one) at ERROR with its stack trace,
 * about 25 lines each: a producer sending on past the events queue's page limit wrote 6.4 MB of log in two minutes.
 * The refusal itself reaches the producer (its commit fails), and the broker logs once that the queue reached its
 * limit (AMQ224123); Hookline's own readers log when they wait for room and when they have it again.
 */
final class AddressFullLogFilter extends TurboFilter {

    private static final String BROKER_LOGGER = "org.apache.activemq.artemis.core.server";
    private static final String CAUGHT_EXCEPTION = "AMQ224016";

    /** Adds the filter to Logback, when Logback is the logging backend and the filter is not there yet. */
    static void install() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context
                && context.getTurboFilterList().stream().noneMatch(AddressFullLogFilter.class::isInstance)) {
            AddressFullLogFilter filter = new AddressFullLogFilter();
            filter.setName("hookline-address-full");
            filter.start();
            context.addTurboFilter(filter);
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (t instanceof ActiveMQAddressFullException && format != null && format.startsWith(CAUGHT_EXCEPTION)
                && logger.getName().startsWith(BROKER_LOGGER)) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
