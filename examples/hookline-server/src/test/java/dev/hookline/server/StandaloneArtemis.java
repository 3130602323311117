package dev.hookline.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * A standalone Apache Artemis broker from the distribution Maven unpacked into target/standalone-artemis: an instance
 * created with {@code artemis create} on 127.0.0.1 and a free port, with the address settings and the security settings
 * the README gives for Hookline's queues (Hookline's user in role {@code hookline} only, a producer credential in role
 * {@code hookline-producer}; the broker's own administrator keeps its role), run as its own process.
 */
final class StandaloneArtemis implements AutoCloseable {

    static final String USER = "hookline";
    static final String PASSWORD = "hookline-broker-password";
    static final String ADMIN = "broker-admin";
    static final String PRODUCER = "orders-app";
    static final String PRODUCER_PASSWORD = "orders-app-password";

    /** What the README asks of an external broker for Hookline's users. */
    static final String HOOKLINE_SECURITY_SETTINGS = """
            <security-setting match="hookline.#">
               <permission type="send" roles="hookline"/>
               <permission type="consume" roles="hookline"/>
               <permission type="browse" roles="hookline"/>
               <permission type="createAddress" roles="hookline"/>
               <permission type="createDurableQueue" roles="hookline"/>
               <permission type="createNonDurableQueue" roles="hookline"/>
            </security-setting>
            <security-setting match="hookline.events.partitioned">
               <permission type="send" roles="hookline,hookline-producer"/>
               <permission type="consume" roles="hookline"/>
               <permission type="browse" roles="hookline"/>
               <permission type="createAddress" roles="hookline"/>
               <permission type="createDurableQueue" roles="hookline"/>
               <permission type="createNonDurableQueue" roles="hookline"/>
            </security-setting>
            <security-setting match="hookline.events">
               <permission type="send" roles="hookline,hookline-producer"/>
               <permission type="consume" roles="hookline"/>
               <permission type="browse" roles="hookline"/>
               <permission type="createAddress" roles="hookline"/>
               <permission type="createDurableQueue" roles="hookline"/>
               <permission type="createNonDurableQueue" roles="hookline"/>
            </security-setting>
            """;

    /** What the README asks of an external broker for Hookline's queues. */
    static final String HOOKLINE_ADDRESS_SETTINGS = """
            <address-setting match="hookline.events">
               <default-exclusive-queue>true</default-exclusive-queue>
               <max-delivery-attempts>-1</max-delivery-attempts>
               <redelivery-delay>0</redelivery-delay>
               <page-limit-bytes>2GB</page-limit-bytes>
               <page-full-policy>FAIL</page-full-policy>
            </address-setting>
            <address-setting match="hookline.events.partitioned">
               <default-group-first-key>HooklineFirstOfGroup</default-group-first-key>
               <max-delivery-attempts>-1</max-delivery-attempts>
               <redelivery-delay>0</redelivery-delay>
            </address-setting>
            <address-setting match="hookline.quarantine">
               <expiry-delay>604800000</expiry-delay>
               <max-size-bytes>16MB</max-size-bytes>
               <page-limit-bytes>1GB</page-limit-bytes>
               <page-full-policy>DROP</page-full-policy>
            </address-setting>
            <address-setting match="hookline.#">
               <max-delivery-attempts>-1</max-delivery-attempts>
               <redelivery-delay>1000</redelivery-delay>
               <redelivery-delay-multiplier>2</redelivery-delay-multiplier>
               <max-redelivery-delay>30000</max-redelivery-delay>
               <max-size-bytes>64MB</max-size-bytes>
               <address-full-policy>PAGE</address-full-policy>
            </address-setting>
            """;

    private final Path instance;
    private final int port;
    private Process process;

    StandaloneArtemis(Path workDir) throws Exception {
        Path home;
        try (Stream<Path> found = Files.list(Path.of("target", "standalone-artemis"))) {
            home = found.filter(p -> p.getFileName().toString().startsWith("apache-artemis-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("target/standalone-artemis is empty: run through Maven"))
                    .toAbsolutePath();
        }
        port = ServerTestSupport.freePort();
        instance = workDir.resolve("artemis-instance").toAbsolutePath();
        run(List.of("bash", home.resolve("bin/artemis").toString(), "create", "--silent", "--user", ADMIN, "--password",
                PASSWORD + "-admin", "--require-login", "--host", "127.0.0.1", "--http-host", "127.0.0.1", "--default-port",
                Integer.toString(port), "--no-amqp-acceptor", "--no-mqtt-acceptor", "--no-stomp-acceptor",
                "--no-hornetq-acceptor", "--no-web", instance.toString()), workDir.resolve("artemis-create.log"));
        Path brokerXml = instance.resolve("etc/broker.xml");
        String xml = Files.readString(brokerXml);
        Files.writeString(brokerXml, xml.replace("<address-settings>", "<address-settings>\n" + HOOKLINE_ADDRESS_SETTINGS)
                .replace("<security-settings>", "<security-settings>\n" + HOOKLINE_SECURITY_SETTINGS));
        // the properties login module takes plain-text passwords as well as hashed ones
        Files.writeString(instance.resolve("etc/artemis-users.properties"), "\n" + USER + " = " + PASSWORD + "\n"
                + PRODUCER + " = " + PRODUCER_PASSWORD + "\n", java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(instance.resolve("etc/artemis-roles.properties"), "\nhookline = " + USER + "\n"
                + "hookline-producer = " + PRODUCER + "\n", java.nio.file.StandardOpenOption.APPEND);
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    void start() throws Exception {
        Path log = instance.resolve("run.log");
        process = new ProcessBuilder("bash", instance.resolve("bin/artemis").toString(), "run").redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains("AMQ221007")) { // Server is now active
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the broker exited: " + Files.readString(log));
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the broker did not start: " + Files.readString(log));
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            process.waitFor();
        }
    }

    private static void run(List<String> command, Path log) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(log));
        }
    }

}
