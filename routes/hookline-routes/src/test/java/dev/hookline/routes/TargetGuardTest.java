package dev.hookline.routes;

import java.net.InetAddress;

import dev.hookline.routes.security.TargetGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetGuardTest {

    @ParameterizedTest
    @ValueSource(strings = { "127.0.0.1", "127.255.0.9", "10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.0.1",
            "169.254.169.254", "100.64.0.1", "100.127.255.254", "0.0.0.0", "0.1.2.3", "224.0.0.1", "255.255.255.255",
            "240.0.0.1", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1",
            "::127.0.0.1", "ff02::1", "2001:db8::1", "192.0.0.8", "198.18.0.1" })
    void internalAddressesAreNotPublic(String address) throws Exception {
        assertThat(TargetGuard.isPublic(InetAddress.getByName(address))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "192.169.0.1", "2606:4700::1111",
            "::ffff:8.8.8.8", "169.255.0.1" })
    void publicAddressesArePublic(String address) throws Exception {
        assertThat(TargetGuard.isPublic(InetAddress.getByName(address))).isTrue();
    }

    @Test
    void refusesInternalTargetsUnlessAllowed() {
        assertThatThrownBy(() -> new TargetGuard(false).check("http://127.0.0.1:9000/x", "target"))
                .isInstanceOf(ApiException.class).hasMessageContaining("resolves to 127.0.0.1");
        assertThatThrownBy(() -> new TargetGuard(false).resolvePublic("localhost"))
                .hasMessageContaining("loopback, private, link-local");
        assertThat(new TargetGuard(true).check("http://127.0.0.1:9000/x", "target")).isEqualTo("http://127.0.0.1:9000/x");
        assertThatThrownBy(() -> new TargetGuard(true).check("gopher://example.com/", "target"))
                .hasMessageContaining("http or https");
    }
}
