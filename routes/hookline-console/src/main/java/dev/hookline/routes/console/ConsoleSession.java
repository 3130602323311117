package dev.hookline.routes.console;

import dev.hookline.routes.api.ApiPrincipal;

/**
 * A signed-in console: who it is for, the token every change it makes must send back in a header (CSRF protection),
 * and when it ends.
 *
 * @param principal      whose console it is
 * @param csrfToken      random, base64url; sent as the {@value ConsoleSessionFilter#CSRF_HEADER} header of changes
 * @param expiresAtMillis when the session ends, epoch milliseconds
 */
public record ConsoleSession(ApiPrincipal principal, String csrfToken, long expiresAtMillis) {
}
