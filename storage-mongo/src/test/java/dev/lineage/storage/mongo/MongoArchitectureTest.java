package dev.lineage.storage.mongo;

import dev.lineage.conformance.LineageArchitecture;
import org.junit.jupiter.api.Test;

class MongoArchitectureTest {

  @Test
  void adapterKeepsTheHexagon() {
    LineageArchitecture.checkAdapter("dev.lineage.storage.mongo");
  }
}
