package dev.lineage.storage.jpa;

import dev.lineage.testdb.TestDatabase;

/** The relational scenarios on embedded H2. */
class H2RelationalTest extends RelationalScenarios {

  @Override
  TestDatabase database() {
    return TestDatabase.H2;
  }
}
