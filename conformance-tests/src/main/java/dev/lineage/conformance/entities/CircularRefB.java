package dev.lineage.conformance.entities;

import dev.lineage.domain.Entity;

/** Part of the cycle A -> B -> C -> A, all ownership edges. */
public class CircularRefB extends Entity {
  public String name;
  public CircularRefC refToC;

  public CircularRefB() {}

  public CircularRefB(String name) {
    this.name = name;
  }
}
