package dev.hookline.server;

import org.springframework.context.annotation.Import;

/** Accounts on a real PostgreSQL server. */
@Import(EmbeddedPostgresConfiguration.class)
class PostgresAccountsTest extends AccountsContract {
}
