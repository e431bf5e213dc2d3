package dev.lineage.conformance.entities;

import dev.lineage.domain.Entity;

/** Part of the cycle A -> B -> C -> A, all ownership edges. */
public class CircularRefC extends Entity {
  public String name;
  public CircularRefA refToA;

  public CircularRefC() {}

  public CircularRefC(String name) {
    this.name = name;
  }
}
