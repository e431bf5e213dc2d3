package dev.lineage.storage.jpa;

import dev.lineage.testdb.TestDatabase;

/** Children killed while committing, on MariaDB. */
class MariaDbCrashTest extends CrashScenarios {

  @Override
  TestDatabase database() {
    return TestDatabase.MARIADB;
  }
}
