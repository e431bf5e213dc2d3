package dev.lineage.storage.jpa;

import dev.lineage.testdb.TestDatabase;

/** verify() on damaged rows, on PostgreSQL. */
class PostgresVerificationTest extends VerificationScenarios {

  @Override
  TestDatabase database() {
    return TestDatabase.POSTGRESQL;
  }
}
