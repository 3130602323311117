package dev.hookline.spring.boot.provider;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The embedded broker's producer credential, which may send to the events queue and do nothing else:
 * {@code hookline.broker.producer-user} and {@code -password} when set; otherwise the credential stored in the data
 * directory ({@value #FILE_NAME}); otherwise a new one with a random password, stored there (readable by the server's
 * user only) and printed once on the console, not in the log.
 */
final class BrokerCredentials {

    static final String FILE_NAME = "broker-credentials";
    static final String DEFAULT_PRODUCER_USER = "hookline-producer";

    private BrokerCredentials() {
    }

    static BrokerCredential producer(HooklineProperties.Broker broker, Path dataDir) {
        if (hasText(broker.getProducerUser()) || hasText(broker.getProducerPassword())) {
            if (!hasText(broker.getProducerUser()) || !hasText(broker.getProducerPassword())) {
                throw new IllegalStateException(
                        "Set both hookline.broker.producer-user and hookline.broker.producer-password, or neither");
            }
            return new BrokerCredential(broker.getProducerUser().trim(), broker.getProducerPassword());
        }
        DataDirFiles.Value stored = DataDirFiles.readOrCreate(dataDir, FILE_NAME, BrokerCredentials::generate);
        Properties p = new Properties();
        try {
            p.load(new StringReader(stored.value()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String user = p.getProperty("user");
        String password = p.getProperty("password");
        if (!hasText(user) || !hasText(password)) {
            throw new IllegalStateException(dataDir.resolve(FILE_NAME).toAbsolutePath()
                    + " must hold user=... and password=... lines; delete it to have a new credential generated");
        }
        if (stored.created()) {
            System.out.println("Hookline generated a broker credential for JMS producers, stored in "
                    + dataDir.resolve(FILE_NAME).toAbsolutePath() + ". It may send to the events queue and nothing else:");
            System.out.println("  user: " + user);
            System.out.println("  password: " + password);
        }
        return new BrokerCredential(user, password);
    }

    /** The operator's credential when both parts are configured, else {@code null}: there is none by default. */
    static BrokerCredential admin(HooklineProperties.Broker broker) {
        if (hasText(broker.getAdminUser()) != hasText(broker.getAdminPassword())) {
            throw new IllegalStateException("Set both hookline.broker.admin-user and hookline.broker.admin-password, or neither");
        }
        return hasText(broker.getAdminUser()) ? new BrokerCredential(broker.getAdminUser().trim(), broker.getAdminPassword()) : null;
    }

    private static String generate() {
        BrokerCredential c = BrokerCredential.generate(DEFAULT_PRODUCER_USER);
        return "# The embedded broker's producer credential: it may send to the events queue and nothing else.\n"
                + "user=" + c.user() + "\npassword=" + c.password();
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }
}
