package dev.lineage.storage.jpa;

import dev.lineage.testdb.TestDatabase;

/**
 * No credential in exceptions or logs, on PostgreSQL. The local server trusts local connections,
 * so a wrong password cannot be refused here; MariaDB's test covers it.
 */
class PostgresCredentialTest extends CredentialScenarios {

  @Override
  TestDatabase database() {
    return TestDatabase.POSTGRESQL;
  }
}
