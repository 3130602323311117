package dev.hookline.routes.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * The delivery HTTP client's resolver: every connection resolves its host through the {@link TargetGuard}, so a
 * target whose DNS answer changed to an internal address after it was accepted (DNS rebinding) is refused at
 * delivery time too.
 */
public class PublicOnlyDnsResolver implements DnsResolver {

    private final TargetGuard guard;

    public PublicOnlyDnsResolver(TargetGuard guard) {
        this.guard = guard;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return guard.resolvePublic(host);
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
    }
}
