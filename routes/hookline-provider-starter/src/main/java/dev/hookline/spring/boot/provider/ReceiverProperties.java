package dev.hookline.spring.boot.provider;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the receivers ({@code hookline:receive}) that the starter wires, as {@code hookline.receiver.*}. */
@ConfigurationProperties(prefix = "hookline.receiver")
public class ReceiverProperties {

    /**
     * How long the ids of received events are kept on the database for duplicate detection; at least twice every
     * receiver's signature tolerance (a receiver refuses to start otherwise).
     */
    private Duration duplicateWindow = Duration.ofMinutes(10);

    public Duration getDuplicateWindow() {
        return duplicateWindow;
    }

    public void setDuplicateWindow(Duration duplicateWindow) {
        this.duplicateWindow = duplicateWindow;
    }
}
