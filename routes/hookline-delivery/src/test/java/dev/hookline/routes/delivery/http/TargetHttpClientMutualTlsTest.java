package dev.hookline.routes.delivery.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.hookline.routes.delivery.tls.Certificates;
import dev.hookline.routes.delivery.tls.TargetTls;
import dev.hookline.routes.security.PublicOnlyDnsResolver;
import dev.hookline.routes.security.TargetGuard;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * POSTs over a subscription's own TLS to an HTTPS server on 127.0.0.1 that requires a client certificate of its CA,
 * and whose own certificate comes from a private CA: the certificate is presented, the private CA trusted alongside the
 * JVM's, a POST without them fails, and many distinct certificates keep a bounded number of clients.
 */
class TargetHttpClientMutualTlsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(4);

    private Certificates.Issued serverCa;
    private Certificates.Issued clientCa;
    private HttpsServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<String> subjects = new CopyOnWriteArrayList<>();
    private final TargetHttpClient client = new TargetHttpClient(TIMEOUT, 2, 20,
            new PublicOnlyDnsResolver(new TargetGuard(true)), Instant::now, 2);

    @BeforeEach
    void start() throws Exception {
        serverCa = Certificates.ca("CN=Server CA");
        clientCa = Certificates.ca("CN=Client CA");
        Certificates.Issued serverCertificate = Certificates.issued("CN=127.0.0.1", serverCa, Certificates.keys("RSA"));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", serverCertificate.keys().getPrivate(), new char[0],
                new X509Certificate[] { serverCertificate.certificate(), serverCa.certificate() });
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("client-ca", clientCa.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = context.getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                subjects.add(((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName());
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        executor.shutdownNow();
        client.close();
    }

    private TargetAnswer post(TargetTls tls) {
        return client.post(new TargetRequest("https://127.0.0.1:" + server.getAddress().getPort() + "/hook",
                Map.of("Content-Type", "application/json"), "{}".getBytes(StandardCharsets.UTF_8), List.of(), tls)).join();
    }

    private TargetTls tls(String subject, String keyAlgorithm) throws Exception {
        Certificates.Issued c = Certificates.issued(subject, clientCa, Certificates.keys(keyAlgorithm));
        return TargetTls.checked(c.certificatePem(), c.keyPem(), serverCa.certificatePem(), Instant.now(), "target_tls");
    }

    @Test
    void presentsTheClientCertificateAndTrustsThePrivateCa() throws Exception {
        assertThat(post(tls("CN=rsa-client", "RSA")).status()).isEqualTo(200);
        assertThat(post(tls("CN=ec-client", "EC")).status()).isEqualTo(200);
        assertThat(subjects).containsExactly("CN=rsa-client", "CN=ec-client");
    }

    @Test
    void withoutTheCaOrWithoutTheCertificateThePostFails() throws Exception {
        TargetAnswer untrusted = post(null);
        assertThat(untrusted.status()).isZero();
        assertThat(untrusted.failure()).startsWith("tls: ");

        TargetAnswer noCertificate = post(new TargetTls(null, null, serverCa.certificatePem()));
        assertThat(noCertificate.status()).isZero();

        Certificates.Issued stranger = Certificates.issued("CN=stranger", Certificates.ca("CN=Other CA"),
                Certificates.keys("RSA"));
        TargetAnswer otherCa = post(new TargetTls(stranger.certificatePem(), stranger.keyPem(),
                serverCa.certificatePem()));
        assertThat(otherCa.status()).isZero();
        assertThat(subjects).as("nothing was taken").isEmpty();
    }

    @Test
    void manyCertificatesKeepABoundedNumberOfClients() throws Exception {
        for (int i = 0; i < 6; i++) {
            assertThat(post(tls("CN=client-" + i, "EC")).status()).isEqualTo(200);
            assertThat(client.tlsClients()).isLessThanOrEqualTo(2);
        }
        assertThat(subjects).hasSize(6);
        TargetTls again = tls("CN=again", "EC");
        assertThat(post(again).status()).isEqualTo(200);
        assertThat(post(again).status()).as("the kept client").isEqualTo(200);
        assertThat(client.tlsClients()).isEqualTo(2);
    }
}
