package dev.lineage.conformance.entities;

import dev.lineage.domain.Entity;

/** Part of the cycle A -> B -> C -> A, all ownership edges. */
public class CircularRefA extends Entity {
  public String name;
  public CircularRefB refToB;

  public CircularRefA() {}

  public CircularRefA(String name) {
    this.name = name;
  }
}
