package dev.hookline.routes.management;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.hookline.routes.api.ApiException;
import dev.hookline.routes.api.ApiResponses;
import dev.hookline.routes.api.Caller;
import dev.hookline.routes.api.JsonRequest;
import dev.hookline.store.AccountStore;
import dev.hookline.store.PortalLinkStore;

import org.apache.camel.Exchange;

/**
 * {@code POST /api/v1/portal-links {"account_id"}} (admin key only): a link that signs one browser into the console
 * as that account, once, within {@link #LIFETIME}, so that a provider can embed the console in its own portal without
 * handing its customers a key. The link's path holds the token; redeeming it replaces it with a session cookie.
 */
public class PortalLinkApi {

    /** How long a portal link can be redeemed. */
    public static final Duration LIFETIME = Duration.ofMinutes(10);
    /** Where a link is redeemed; the token follows. */
    public static final String PATH = "/console/portal/";
    private static final Set<String> FIELDS = Set.of("account_id");

    private final AccountStore accounts;
    private final PortalLinkStore links;
    private final Clock clock;

    public PortalLinkApi(AccountStore accounts, PortalLinkStore links, Clock clock) {
        this.accounts = accounts;
        this.links = links;
        this.clock = clock;
    }

    public void create(Exchange exchange) {
        Caller.of(exchange).requireAdmin("make portal links");
        JsonRequest request = JsonRequest.read(exchange, FIELDS);
        String accountId = request.requiredText("account_id", 64);
        if (accounts.find(accountId).isEmpty()) {
            throw new ApiException(404, "No account with id " + JsonRequest.abbreviate(accountId), "account_id");
        }
        long now = clock.millis();
        long expiresAt = now + LIFETIME.toMillis();
        String token = links.issue(accountId, now, expiresAt);
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("url", PATH + token); // relative to the server's address, as the browser reaches it
        results.put("account_id", accountId);
        results.put("expires_at", expiresAt);
        ApiResponses.json(exchange, 201, Map.of("results", results));
    }
}
