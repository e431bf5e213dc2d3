package dev.lineage.conformance;

import dev.lineage.storage.EntityStorage;
import dev.lineage.storage.inmemory.InMemoryEntityStorage;

/** The in-memory adapter, the reference adapter, passes the whole suite. */
class InMemoryConformanceTest extends EntityStorageSuite {

  @Override
  protected EntityStorage createStorage() {
    return new InMemoryEntityStorage();
  }
}
