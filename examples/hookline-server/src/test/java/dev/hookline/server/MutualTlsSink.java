package dev.hookline.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
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

/**
 * An HTTPS webhook target on 127.0.0.1 that REQUIRES a client certificate issued by the CA it trusts (a handshake
 * without one, or with another, fails), and records each POST with the subject of the client certificate it came with.
 * On {@code /token} it is an OAuth2 token endpoint (RFC 8705: a client authenticated by its certificate).
 */
final class MutualTlsSink implements AutoCloseable {

    /** One POST: its path, whether it was the test POST, and the client certificate's subject. */
    record Received(String path, boolean test, String clientSubject, String authorization) {
    }

    private final HttpsServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<Received> received = new CopyOnWriteArrayList<>();

    MutualTlsSink(TestCertificates.Issued serverCertificate, X509Certificate trustedClientCa) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", serverCertificate.keys().getPrivate(), new char[0],
                new X509Certificate[] { serverCertificate.certificate() });
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("client-ca", trustedClientCa);
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
                String subject = ((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName();
                received.add(new Received(exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().containsKey("X-Hookline-Test"), subject,
                        exchange.getRequestHeaders().getFirst("Authorization")));
                if (exchange.getRequestURI().getPath().equals("/token")) {
                    byte[] token = "{\"access_token\":\"mtls-bound-token-0123456789\",\"token_type\":\"Bearer\"}"
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, token.length);
                    exchange.getResponseBody().write(token);
                } else {
                    exchange.sendResponseHeaders(200, -1);
                }
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    String url(String path) {
        return "https://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The POSTs received on a path (test POSTs included), in order. */
    List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
