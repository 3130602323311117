package dev.hookline.examples.mozes;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** An integration team's application: Mozes posts data captures here; the email addresses go to a queue for the CRM. */
@SpringBootApplication
public class MozesEmailCaptureApplication {

    public static void main(String[] args) {
        SpringApplication.run(MozesEmailCaptureApplication.class, args);
    }
}
