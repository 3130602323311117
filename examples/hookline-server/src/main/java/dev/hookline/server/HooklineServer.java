package dev.hookline.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Hookline server. All of Hookline comes from the starter; this application only chooses the defaults that make
 * {@code java -jar hookline-server.jar} work on a fresh machine (see application.properties).
 */
@SpringBootApplication
public class HooklineServer {

    public static void main(String[] args) {
        SpringApplication.run(HooklineServer.class, args);
    }
}
