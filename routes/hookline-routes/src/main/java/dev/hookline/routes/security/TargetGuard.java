package dev.hookline.routes.security;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

import dev.hookline.routes.ApiException;

/**
 * Keeps webhook targets on the public internet. A target must be an http(s) URL whose host resolves only to public
 * addresses: loopback, private (RFC 1918, IPv6 unique-local), carrier-grade NAT, link-local (which includes the
 * 169.254.169.254 cloud metadata service), unspecified, multicast and broadcast addresses are refused, after DNS
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
     * Validates a target URL as a subscription field, answering 400 with the reason when it is not acceptable.
     *
     * @return the URL, normalized
     */
    public String check(String url, String field) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ApiException(400, "Field '" + field + "' is not a valid URL: " + e.getReason(), field);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ApiException(400, "Field '" + field + "' must be an http or https URL", field);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new ApiException(400, "Field '" + field + "' must name a host", field);
        }
        if (uri.getUserInfo() != null) {
            throw new ApiException(400, "Field '" + field + "' must not carry credentials; use auth_token", field);
        }
        if (!allowPrivate) {
            try {
                resolvePublic(uri.getHost());
            } catch (UnknownHostException e) {
                throw new ApiException(400, "Field '" + field + "': " + e.getMessage(), field);
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
            boolean v4Compatible = true;                        // ::a.b.c.d and ::ffff:a.b.c.d embed IPv4
            for (int i = 0; i < 10; i++) {
                v4Compatible &= b[i] == 0;
            }
            if (v4Compatible && ((b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff))) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] { b[12], b[13], b[14], b[15] }));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
            return !(first == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0x0d && (b[3] & 0xff) == 0xb8); // 2001:db8::/32
        }
        return false;
    }

    private static String abbreviate(String host) {
        String clean = host.replaceAll("[^A-Za-z0-9.:\\-\\[\\]]", "?");
        return clean.length() > 100 ? clean.substring(0, 100) + "..." : clean;
    }
}
