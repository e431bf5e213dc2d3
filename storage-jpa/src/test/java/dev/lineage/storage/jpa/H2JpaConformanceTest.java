package dev.lineage.storage.jpa;

import dev.lineage.conformance.EntityStorageSuite;
import dev.lineage.storage.EntityStorage;
import dev.lineage.testdb.TestDatabase;

/** The conformance suite, unchanged, on the JPA adapter over embedded H2. */
class H2JpaConformanceTest extends EntityStorageSuite {

  @Override
  protected EntityStorage createStorage() {
    return JpaTargets.storage(TestDatabase.H2, "jpa_suite");
  }

  @Override
  protected String targetName() {
    return JpaTargets.targetName(TestDatabase.H2);
  }
}
