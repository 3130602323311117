package dev.hookline.routes.security;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

    /**
     * IPv6 addresses that a translator or tunnel turns into an IPv4 address: the IPv4 address decides. Columns: the
     * address, the IPv4 address it reaches, and whether that is public.
     */
    @ParameterizedTest(name = "{0} reaches {1}")
    @CsvSource({
            // NAT64, well-known prefix 64:ff9b::/96
            "64:ff9b::7f00:1,            127.0.0.1,       false",
            "64:ff9b::a00:5,             10.0.0.5,        false",
            "64:ff9b::a9fe:a9fe,         169.254.169.254, false",
            "64:ff9b::c0a8:101,          192.168.1.1,     false",
            "64:ff9b::6440:1,            100.64.0.1,      false",
            "64:ff9b::808:808,           8.8.8.8,         true",
            // NAT64, local-use prefix 64:ff9b:1::/48
            "64:ff9b:1::7f00:1,          127.0.0.1,       false",
            "64:ff9b:1:abcd::ac10:1,     172.16.0.1,      false",
            "64:ff9b:1::101:101,         1.1.1.1,         true",
            // 6to4, 2002::/16: the IPv4 address in bits 16 to 47
            "2002:7f00:1::,              127.0.0.1,       false",
            "2002:a9fe:a9fe::1,          169.254.169.254, false",
            "2002:c0a8:101:5::9,         192.168.1.1,     false",
            "2002:a00:1::,               10.0.0.1,        false",
            "2002:808:808::1,            8.8.8.8,         true",
            // Teredo, 2001::/32: the client's IPv4 address in the last 32 bits, inverted
            "2001:0:4136:e378:8000:63bf:80ff:fffe, 127.0.0.1,       false",
            "2001:0:4136:e378:8000:63bf:f5ff:fffe, 10.0.0.1,        false",
            "2001:0:4136:e378:8000:63bf:5601:5601, 169.254.169.254, false",
            "2001:0:4136:e378:8000:63bf:f7f7:f7f7, 8.8.8.8,         true" })
    void ipv6AddressesCarryingAnIpv4AddressAreJudgedByIt(String address, String ipv4, boolean isPublic) throws Exception {
        assertThat(TargetGuard.isPublic(InetAddress.getByName(ipv4))).isEqualTo(isPublic);
        assertThat(TargetGuard.isPublic(InetAddress.getByName(address))).as(address).isEqualTo(isPublic);
    }

    @Test
    void refusesInternalTargetsUnlessAllowed() {
        assertThatThrownBy(() -> new TargetGuard(false).check("http://127.0.0.1:9000/x", "target"))
                .isInstanceOf(TargetRefused.class).hasMessageContaining("resolves to 127.0.0.1");
        assertThatThrownBy(() -> new TargetGuard(false).check("http://[64:ff9b::a9fe:a9fe]/latest/meta-data/", "target"))
                .isInstanceOf(TargetRefused.class).hasMessageContaining("resolves to 64:ff9b");
        assertThatThrownBy(() -> new TargetGuard(false).resolvePublic("localhost"))
                .hasMessageContaining("loopback, private, link-local");
        assertThat(new TargetGuard(true).check("http://127.0.0.1:9000/x", "target")).isEqualTo("http://127.0.0.1:9000/x");
        assertThatThrownBy(() -> new TargetGuard(true).check("gopher://example.com/", "target"))
                .hasMessageContaining("http or https");
    }
}
