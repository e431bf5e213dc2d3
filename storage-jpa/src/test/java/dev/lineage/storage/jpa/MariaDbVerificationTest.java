package dev.lineage.storage.jpa;

import dev.lineage.testdb.TestDatabase;

/** verify() on damaged rows, on MariaDB. */
class MariaDbVerificationTest extends VerificationScenarios {

  @Override
  TestDatabase database() {
    return TestDatabase.MARIADB;
  }
}
