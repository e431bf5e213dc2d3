package dev.lineage.storage.jpa;

import dev.lineage.testdb.TestDatabase;

/** The relational scenarios on PostgreSQL. */
class PostgresRelationalTest extends RelationalScenarios {

  @Override
  TestDatabase database() {
    return TestDatabase.POSTGRESQL;
  }
}
