package dev.lineage.conformance;

import dev.lineage.domain.EntityRegistry;
import dev.lineage.storage.EntityStorage;

/** The base of every group of rules: access to the adapter under test and its registry. */
abstract class RuleGroup {

  private final Fixture fixture;

  RuleGroup(Fixture fixture) {
    this.fixture = fixture;
  }

  final Fixture fixture() {
    return fixture;
  }

  final EntityRegistry registry() {
    return fixture.registry;
  }

  final EntityStorage storage() {
    return fixture.storage;
  }
}
