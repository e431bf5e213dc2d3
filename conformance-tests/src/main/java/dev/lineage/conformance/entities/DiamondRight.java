package dev.lineage.conformance.entities;

import dev.lineage.domain.Entity;

/** The right side of a diamond. */
public class DiamondRight extends Entity {
  public String name;
  public DiamondBottom bottom;

  public DiamondRight() {}

  public DiamondRight(String name, DiamondBottom bottom) {
    this.name = name;
    this.bottom = bottom;
  }
}
