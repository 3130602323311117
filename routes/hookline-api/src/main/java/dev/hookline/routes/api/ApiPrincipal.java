package dev.hookline.routes.api;

import java.util.Objects;

/**
 * Who a request to the API (with a key, or through a console session) is made for: the admin, who sees everything, or
 * one account, who sees only that account's. The filters that authenticate a request put it on the request under
 * {@link #REQUEST_ATTRIBUTE}; the console shows it and keeps it in its session.
 *
 * @param accountId the account, or {@code null} for the admin
 */
public record ApiPrincipal(String accountId) {

    /** The servlet request attribute an authenticated request carries its principal in. */
    public static final String REQUEST_ATTRIBUTE = "dev.hookline.api.principal";
    /** The request attribute holding when the console session a request came with was opened (epoch ms, a Long). */
    public static final String SESSION_OPENED_AT_ATTRIBUTE = "dev.hookline.api.session-opened-at";

    private static final ApiPrincipal ADMIN = new ApiPrincipal(null);

    public static ApiPrincipal admin() {
        return ADMIN;
    }

    public static ApiPrincipal account(String accountId) {
        return new ApiPrincipal(Objects.requireNonNull(accountId, "accountId"));
    }

    public boolean isAdmin() {
        return accountId == null;
    }

    /** How the console names it: {@code admin}, or {@code account <id>}. */
    public String describe() {
        return isAdmin() ? "admin" : "account " + accountId;
    }
}
