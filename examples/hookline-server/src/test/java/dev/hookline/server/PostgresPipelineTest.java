package dev.hookline.server;

import org.springframework.context.annotation.Import;

/** The pipeline contract on a real PostgreSQL server. */
@Import(EmbeddedPostgresConfiguration.class)
class PostgresPipelineTest extends PipelineContract {
}
