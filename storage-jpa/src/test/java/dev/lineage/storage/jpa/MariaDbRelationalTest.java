package dev.lineage.storage.jpa;

import dev.lineage.testdb.TestDatabase;

/** The relational scenarios on MariaDB. */
class MariaDbRelationalTest extends RelationalScenarios {

  @Override
  TestDatabase database() {
    return TestDatabase.MARIADB;
  }
}
