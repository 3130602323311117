package dev.hookline.routes.delivery.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.hookline.routes.delivery.tls.TargetTls;

import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.reactor.IOReactorStatus;

/**
 * The HTTP clients of one lane made for subscriptions' own TLS (a client certificate, CA certificates), one per
 * distinct TLS, keyed by its {@link TargetTls#fingerprint()}: at most {@code max}, the least recently used one retired
 * when another is needed, so that any number of subscriptions with certificates holds a bounded number of clients,
 * threads and connections. A retired client is handed to {@code retire}, which closes it once the POSTs it carries
 * have had their deadline. A changed certificate has another fingerprint, so the next POST gets a client with it.
 */
final class TlsClients {

    private final int max;
    private final Function<TargetTls, CloseableHttpAsyncClient> factory;
    private final Consumer<CloseableHttpAsyncClient> retire;
    private final LinkedHashMap<String, CloseableHttpAsyncClient> byFingerprint = new LinkedHashMap<>(16, 0.75f, true);
    private int created;

    TlsClients(int max, Function<TargetTls, CloseableHttpAsyncClient> factory,
            Consumer<CloseableHttpAsyncClient> retire) {
        this.max = max;
        this.factory = factory;
        this.retire = retire;
    }

    /** The running client for this TLS: the kept one, or a new one (made anew if its I/O reactor has stopped). */
    synchronized CloseableHttpAsyncClient forTls(TargetTls tls) {
        String key = tls.fingerprint();
        CloseableHttpAsyncClient kept = byFingerprint.get(key);
        if (kept != null && !stopped(kept)) {
            return kept;
        }
        if (kept != null) {
            byFingerprint.remove(key);
            retire.accept(kept);
        }
        while (byFingerprint.size() >= max) {
            Map.Entry<String, CloseableHttpAsyncClient> eldest = byFingerprint.entrySet().iterator().next();
            byFingerprint.remove(eldest.getKey());
            retire.accept(eldest.getValue());
        }
        CloseableHttpAsyncClient client = factory.apply(tls);
        byFingerprint.put(key, client);
        created++;
        return client;
    }

    /** Stopping or stopped; a client just started is still INACTIVE until its reactor's threads run. */
    private static boolean stopped(CloseableHttpAsyncClient client) {
        IOReactorStatus status = client.getStatus();
        return status == IOReactorStatus.SHUTTING_DOWN || status == IOReactorStatus.SHUT_DOWN;
    }

    /** How many clients are kept now. */
    synchronized int size() {
        return byFingerprint.size();
    }

    /** How many clients were made in all. */
    synchronized int created() {
        return created;
    }

    /** Retires every client. */
    synchronized void closeAll(Consumer<CloseableHttpAsyncClient> close) {
        byFingerprint.values().forEach(close);
        byFingerprint.clear();
    }
}
