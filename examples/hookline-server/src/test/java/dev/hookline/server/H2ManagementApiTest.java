package dev.hookline.server;

/** The management API contract on H2. */
class H2ManagementApiTest extends ManagementApiContract {
}
