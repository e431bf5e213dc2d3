package dev.lineage.storage.jdbi;

import dev.lineage.conformance.LineageArchitecture;
import org.junit.jupiter.api.Test;

/** The adapter talks to Lineage through the port only and shows only its entry points. */
class ArchitectureTest {

  @Test
  void adapterKeepsTheHexagon() {
    LineageArchitecture.checkAdapter("dev.lineage.storage.jdbi");
  }
}
