package dev.lineage.storage.jpa;

import dev.lineage.conformance.EntityStorageSuite;
import dev.lineage.storage.EntityStorage;
import dev.lineage.testdb.TestDatabase;

/** The conformance suite, unchanged, on the JPA adapter over MariaDB. */
class MariaDbJpaConformanceTest extends EntityStorageSuite {

  @Override
  protected EntityStorage createStorage() {
    return JpaTargets.storage(TestDatabase.MARIADB, "jpa_suite");
  }

  @Override
  protected String targetName() {
    return JpaTargets.targetName(TestDatabase.MARIADB);
  }
}
