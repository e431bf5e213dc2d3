package dev.lineage.storage.jpa;

import dev.lineage.testdb.TestDatabase;

/** Children killed while committing, on PostgreSQL. */
class PostgresCrashTest extends CrashScenarios {

  @Override
  TestDatabase database() {
    return TestDatabase.POSTGRESQL;
  }
}
