package dev.hookline.server;

/** Accounts on H2. */
class H2AccountsTest extends AccountsContract {
}
