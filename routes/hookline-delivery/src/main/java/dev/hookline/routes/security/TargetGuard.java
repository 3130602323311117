package dev.hookline.routes.security;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Keeps webhook targets on the public internet. A target must be an http(s) URL whose host resolves only to public
 * addresses: loopback, private (RFC 1918, IPv6 unique-local), carrier-grade NAT, link-local (which includes the
 * 169.254.169.254 cloud metadata service), unspecified, multicast and broadcast addresses are refused, and so are IPv6
 * addresses that carry such an IPv4 address for a translator or tunnel to reach (NAT64, 6to4, Teredo), after DNS
 * resolution, at creation and again at every delivery (see {@link PublicOnlyDnsResolver}). Private targets can be
 * allowed for closed networks and tests with {@code hookline.security.allow-private-targets=true}.
 */
public class TargetGuard {

    private final boolean allowPrivate;

    public TargetGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    public boolean allowsPrivate() {
        return allowPrivate;
    }

    /**
     * Validates a target URL given as a subscription's field.
     *
     * @return                the URL, normalized
     * @throws TargetRefused  with the reason, naming the field, when it is not acceptable
     */
    public String check(String url, String field) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new TargetRefused("Field '" + field + "' is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new TargetRefused("Field '" + field + "' must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new TargetRefused("Field '" + field + "' must name a host");
        }
        if (uri.getUserInfo() != null) {
            throw new TargetRefused("Field '" + field + "' must not carry credentials; use auth_token");
        }
        if (!allowPrivate) {
            try {
                resolvePublic(uri.getHost());
            } catch (UnknownHostException e) {
                throw new TargetRefused("Field '" + field + "': " + e.getMessage());
            }
        }
        return uri.normalize().toString();
    }

    /** Resolves a host, refusing it when any of its addresses is not public (unless private targets are allowed). */
    public InetAddress[] resolvePublic(String host) throws UnknownHostException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bare);
        } catch (UnknownHostException e) {
            throw new UnknownHostException("the host " + abbreviate(bare) + " does not resolve");
        }
        if (!allowPrivate) {
            for (InetAddress a : addresses) {
                if (!isPublic(a)) {
                    throw new UnknownHostException("the host " + abbreviate(bare) + " resolves to " + a.getHostAddress()
                            + ", a loopback, private, link-local or otherwise internal address; such targets are refused");
                }
            }
        }
        return addresses;
    }

    /** True for addresses on the public internet. */
    public static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0                                   // "this network"
                    && !(first == 100 && second >= 64 && second <= 127) // carrier-grade NAT 100.64.0.0/10
                    && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    && !(first == 198 && (second == 18 || second == 19)) // benchmarking
                    && first < 240;                             // reserved and broadcast
        }
        if (a instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {                       // unique local fc00::/7
                return false;
            }
            byte[] embedded = embeddedIpv4(b);
            if (embedded != null) {
                try {
                    return isPublic(InetAddress.getByAddress(embedded));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
            return !(first == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0x0d && (b[3] & 0xff) == 0xb8); // 2001:db8::/32
        }
        return false;
    }

    /**
     * The IPv4 address an IPv6 address carries, where a router or a translator would reach that IPv4 address for it:
     * IPv4-compatible ({@code ::a.b.c.d}) and IPv4-mapped ({@code ::ffff:a.b.c.d}), NAT64 ({@code 64:ff9b::/96} and the
     * local-use {@code 64:ff9b:1::/48}, the IPv4 in the last 32 bits), 6to4 ({@code 2002::/16}, bits 16 to 47) and
     * Teredo ({@code 2001::/32}, the client's IPv4 in the last 32 bits, inverted). {@code null} for other addresses.
     */
    static byte[] embeddedIpv4(byte[] b) {
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= b[i] == 0;
        }
        if (zeroPrefix && ((b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff))) {
            return new byte[] { b[12], b[13], b[14], b[15] };
        }
        int w0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        int w1 = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        int w2 = ((b[4] & 0xff) << 8) | (b[5] & 0xff);
        boolean nat64WellKnown = w0 == 0x0064 && w1 == 0xff9b;
        for (int i = 4; i < 12 && nat64WellKnown; i++) {
            nat64WellKnown = b[i] == 0;
        }
        boolean nat64Local = w0 == 0x0064 && w1 == 0xff9b && w2 == 0x0001;
        if (nat64WellKnown || nat64Local) {
            return new byte[] { b[12], b[13], b[14], b[15] };
        }
        if (w0 == 0x2002) {                                     // 6to4
            return new byte[] { b[2], b[3], b[4], b[5] };
        }
        if (w0 == 0x2001 && w1 == 0x0000) {                     // Teredo: the client's address, each bit inverted
            return new byte[] { (byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15] };
        }
        return null;
    }

    private static String abbreviate(String host) {
        String clean = host.replaceAll("[^A-Za-z0-9.:\\-\\[\\]]", "?");
        return clean.length() > 100 ? clean.substring(0, 100) + "..." : clean;
    }
}
