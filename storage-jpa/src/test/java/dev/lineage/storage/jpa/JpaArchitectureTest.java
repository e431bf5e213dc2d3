package dev.lineage.storage.jpa;

import dev.lineage.conformance.LineageArchitecture;
import org.junit.jupiter.api.Test;

class JpaArchitectureTest {

  @Test
  void adapterKeepsTheHexagon() {
    LineageArchitecture.checkAdapter("dev.lineage.storage.jpa");
  }
}
