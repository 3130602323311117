package dev.hookline.routes.api;

import org.apache.camel.Exchange;

/**
 * Who makes an API request: the admin (the server's own API key) or an account (one of its keys). The web server's
 * key check authenticates the request and states the caller in the {@link #HEADER} header, replacing any header of
 * that name the client sent; the routes read it here. A request that reaches a route without it is refused (401),
 * never taken for the admin's.
 *
 * @param accountId the account, or {@code null} for the admin
 */
public record Caller(String accountId) {

    /** The request header stating the caller: {@code admin} or {@code account:<id>}. */
    public static final String HEADER = "X-Hookline-Caller";
    public static final Caller ADMIN = new Caller(null);
    private static final String ACCOUNT_PREFIX = "account:";

    public static Caller account(String accountId) {
        return new Caller(accountId);
    }

    public boolean isAdmin() {
        return accountId == null;
    }

    /** The value of {@link #HEADER} that states this caller. */
    public String headerValue() {
        return isAdmin() ? "admin" : ACCOUNT_PREFIX + accountId;
    }

    /** The caller of the request an exchange answers. */
    public static Caller of(Exchange exchange) {
        // one string, as the key check set it: a query or form parameter of that name would have made it a list
        Object header = exchange.getMessage().getHeader(HEADER);
        String value = header instanceof String s ? s : null;
        if ("admin".equals(value)) {
            return ADMIN;
        }
        if (value != null && value.startsWith(ACCOUNT_PREFIX) && value.length() > ACCOUNT_PREFIX.length()) {
            return account(value.substring(ACCOUNT_PREFIX.length()));
        }
        throw new ApiException(401, "Missing or wrong API key: send it as the Authorization header");
    }

    /** Refuses (403) a caller that is not the admin. */
    public Caller requireAdmin() {
        return requireAdmin("manage accounts");
    }

    /** Refuses (403) a caller that is not the admin, saying what only the admin may do. */
    public Caller requireAdmin(String what) {
        if (!isAdmin()) {
            throw new ApiException(403, "Only the admin key may " + what);
        }
        return this;
    }
}
