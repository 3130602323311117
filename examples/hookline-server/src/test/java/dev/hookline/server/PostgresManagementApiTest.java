package dev.hookline.server;

import org.springframework.context.annotation.Import;

/** The management API contract on a real PostgreSQL server. */
@Import(EmbeddedPostgresConfiguration.class)
class PostgresManagementApiTest extends ManagementApiContract {
}
