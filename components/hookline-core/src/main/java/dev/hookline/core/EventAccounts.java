package dev.hookline.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Gives events the account a door names for them (an account key's, a header, a message property). An event whose own
 * {@code account} field names another account is refused: a door that knows the account never lets an event choose
 * another one.
 */
public final class EventAccounts {

    private EventAccounts() {
    }

    /**
     * The events, each of {@code account}; the events unchanged when {@code account} is {@code null}.
     *
     * @param namedBy what named the account, for the message of a refusal (such as "the API key")
     * @throws EventFormatException when an event names another account
     */
    public static List<WebhookEvent> assign(List<WebhookEvent> events, String account, String namedBy) {
        if (account == null) {
            return events;
        }
        account = account.trim();
        if (account.isEmpty() || account.length() > EventJson.MAX_TOKEN_LENGTH
                || account.chars().anyMatch(Character::isISOControl)) {
            throw new EventFormatException("The account named by " + namedBy + " must be 1 to "
                    + EventJson.MAX_TOKEN_LENGTH + " characters without control characters", null);
        }
        List<WebhookEvent> assigned = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            WebhookEvent e = events.get(i);
            if (e.account() != null && !e.account().equals(account)) {
                String field = events.size() == 1 ? "account" : "[" + i + "].account";
                throw new EventFormatException("Field 'account' names another account than " + namedBy
                        + "; leave it out, or name the same account", field);
            }
            assigned.add(e.withAccount(account));
        }
        return assigned;
    }
}
