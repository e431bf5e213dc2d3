package dev.lineage.storage.jdbi;

import dev.lineage.conformance.EntityStorageSuite;
import dev.lineage.storage.EntityStorage;
import dev.lineage.testdb.TestDatabase;

/** The conformance suite, unchanged, on H2. */
class H2ConformanceTest extends EntityStorageSuite {

  @Override
  protected EntityStorage createStorage() {
    return Storages.on(TestDatabase.H2, "jdbi_suite");
  }

  @Override
  protected String targetName() {
    return Storages.target(TestDatabase.H2);
  }
}
