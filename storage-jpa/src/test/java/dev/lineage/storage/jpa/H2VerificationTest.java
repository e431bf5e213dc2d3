package dev.lineage.storage.jpa;

import dev.lineage.testdb.TestDatabase;

/** verify() on damaged rows, on H2. */
class H2VerificationTest extends VerificationScenarios {

  @Override
  TestDatabase database() {
    return TestDatabase.H2;
  }
}
