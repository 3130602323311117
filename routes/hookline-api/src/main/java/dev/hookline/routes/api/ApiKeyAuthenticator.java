package dev.hookline.routes.api;

import java.util.Optional;

/**
 * Tells whose an API key is: what the API's key filter asks for every request, and the console's login for the key
 * pasted into it. Empty when the key is nobody's.
 */
@FunctionalInterface
public interface ApiKeyAuthenticator {

    Optional<ApiPrincipal> authenticate(String key);
}
