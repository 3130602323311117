package dev.hookline.routes.delivery.http;

import java.util.ArrayList;
import java.util.List;

import dev.hookline.routes.delivery.tls.TargetTls;

import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TlsClientsTest {

    private final List<CloseableHttpAsyncClient> made = new ArrayList<>();
    private final List<CloseableHttpAsyncClient> retired = new ArrayList<>();
    private final TlsClients clients = new TlsClients(2, tls -> {
        CloseableHttpAsyncClient c = HttpAsyncClients.createMinimal();
        c.start();
        made.add(c);
        return c;
    }, c -> {
        retired.add(c);
        c.close(CloseMode.IMMEDIATE);
    });

    private static TargetTls tls(String certificate) {
        return new TargetTls(certificate, "key of " + certificate, null);
    }

    private static boolean stopped(CloseableHttpAsyncClient c) {
        return c.getStatus() == IOReactorStatus.SHUTTING_DOWN || c.getStatus() == IOReactorStatus.SHUT_DOWN;
    }

    @AfterEach
    void close() {
        made.forEach(c -> c.close(CloseMode.IMMEDIATE));
    }

    @Test
    void oneClientPerTlsAtMostMaxTheLeastRecentlyUsedRetired() {
        CloseableHttpAsyncClient a = clients.forTls(tls("a"));
        CloseableHttpAsyncClient b = clients.forTls(tls("b"));
        assertThat(clients.forTls(tls("a"))).as("the same TLS, the same client").isSameAs(a);
        assertThat(b).isNotSameAs(a);

        CloseableHttpAsyncClient c = clients.forTls(tls("c"));
        assertThat(retired).as("b was used least recently").containsExactly(b);
        assertThat(clients.size()).isEqualTo(2);
        assertThat(clients.forTls(tls("a"))).isSameAs(a);
        assertThat(clients.forTls(tls("c"))).isSameAs(c);

        for (int i = 0; i < 200; i++) {
            clients.forTls(tls("many-" + i));
        }
        assertThat(clients.size()).as("two hundred certificates, two clients").isEqualTo(2);
        assertThat(made).filteredOn(m -> !stopped(m)).as("and two not closed").hasSize(2);
        assertThat(retired).hasSize(clients.created() - 2);
    }

    @Test
    void aChangedCertificateGetsANewClient() {
        CloseableHttpAsyncClient first = clients.forTls(new TargetTls("cert", "key", "ca"));
        assertThat(clients.forTls(new TargetTls("cert", "key", "ca"))).isSameAs(first);
        assertThat(clients.forTls(new TargetTls("cert2", "key", "ca"))).isNotSameAs(first);
        assertThat(clients.forTls(new TargetTls("cert", "key", null))).isNotSameAs(first);
    }

    @Test
    void aClientWhoseReactorStoppedIsReplacedAndRetired() {
        CloseableHttpAsyncClient a = clients.forTls(tls("a"));
        a.close(CloseMode.IMMEDIATE);
        assertThat(stopped(a)).isTrue();
        CloseableHttpAsyncClient again = clients.forTls(tls("a"));
        assertThat(again).isNotSameAs(a);
        assertThat(stopped(again)).isFalse();
        assertThat(clients.forTls(tls("a"))).as("a client just started is kept").isSameAs(again);
        assertThat(retired).containsExactly(a);
    }
}
