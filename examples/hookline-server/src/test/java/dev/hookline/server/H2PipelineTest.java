package dev.hookline.server;

/** The pipeline contract on the default database: H2 in a file in the data directory. */
class H2PipelineTest extends PipelineContract {
}
