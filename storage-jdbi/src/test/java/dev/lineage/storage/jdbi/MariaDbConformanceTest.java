package dev.lineage.storage.jdbi;

import dev.lineage.conformance.EntityStorageSuite;
import dev.lineage.storage.EntityStorage;
import dev.lineage.testdb.TestDatabase;

/** The conformance suite, unchanged, on MariaDB. */
class MariaDbConformanceTest extends EntityStorageSuite {

  @Override
  protected EntityStorage createStorage() {
    return Storages.on(TestDatabase.MARIADB, "jdbi_suite");
  }

  @Override
  protected String targetName() {
    return Storages.target(TestDatabase.MARIADB);
  }
}
