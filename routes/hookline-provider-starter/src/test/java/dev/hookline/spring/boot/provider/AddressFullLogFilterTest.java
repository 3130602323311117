package dev.hookline.spring.boot.provider;

import org.apache.activemq.artemis.api.core.ActiveMQAddressFullException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker's "caught exception" line for a send refused because its queue was full is dropped, once the filter is
 * installed (twice installed, it is there once); the same line for any other failure, and the broker's other lines
 * about a full queue, are kept.
 */
class AddressFullLogFilterTest {

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger broker = context.getLogger("org.apache.activemq.artemis.core.server");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @AfterEach
    void detach() {
        broker.detachAppender(appender);
        context.getTurboFilterList().removeIf(AddressFullLogFilter.class::isInstance);
    }

    @Test
    void dropsOnlyTheCaughtExceptionLinesOfAFullQueue() {
        appender.start();
        broker.addAppender(appender);
        ActiveMQAddressFullException full = new ActiveMQAddressFullException("AMQ229102: Address \"hookline.events\" is full.");

        broker.error("AMQ224016: Caught exception", full);
        assertThat(appender.list).as("logged before the filter is installed").hasSize(1);

        AddressFullLogFilter.install();
        AddressFullLogFilter.install();
        assertThat(context.getTurboFilterList().stream().filter(AddressFullLogFilter.class::isInstance)).hasSize(1);
        broker.error("AMQ224016: Caught exception", full);
        broker.error("AMQ224016: Caught exception", new IllegalStateException("something else"));
        broker.warn("AMQ224123: Address hookline.events has more pages than allowed");
        broker.error("AMQ224000: another failure", full);

        assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "AMQ224016: Caught exception", // the one before install
                "AMQ224016: Caught exception", // another failure
                "AMQ224123: Address hookline.events has more pages than allowed",
                "AMQ224000: another failure");
    }
}
