package dev.lineage.conformance;

import static dev.lineage.conformance.LineageArchitecture.productionClasses;

import org.junit.jupiter.api.Test;

/** Lineage's own modules keep the hexagon: the rule library, applied to the core and in-memory. */
class ArchitectureTest {

  @Test
  void domainIsFreeOfPersistence() {
    LineageArchitecture.domainIsFreeOfPersistence()
        .check(productionClasses("dev.lineage.domain"));
  }

  @Test
  void portIsVendorFree() {
    LineageArchitecture.portIsVendorFree().check(productionClasses("dev.lineage.storage"));
  }

  @Test
  void noPackageCyclesInLineage() {
    LineageArchitecture.noPackageCycles("dev.lineage").check(productionClasses("dev.lineage"));
  }

  @Test
  void inMemoryAdapterKeepsTheHexagon() {
    LineageArchitecture.checkAdapter("dev.lineage.storage.inmemory");
  }
}
