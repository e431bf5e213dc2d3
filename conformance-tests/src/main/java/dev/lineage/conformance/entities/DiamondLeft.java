package dev.lineage.conformance.entities;

import dev.lineage.domain.Entity;

/** The left side of a diamond. */
public class DiamondLeft extends Entity {
  public String name;
  public DiamondBottom bottom;

  public DiamondLeft() {}

  public DiamondLeft(String name, DiamondBottom bottom) {
    this.name = name;
    this.bottom = bottom;
  }
}
