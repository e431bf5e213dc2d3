package dev.lineage.conformance.entities;

import dev.lineage.domain.Entity;

/** The bottom of a diamond, owned by both sides. */
public class DiamondBottom extends Entity {
  public String name;

  public DiamondBottom() {}

  public DiamondBottom(String name) {
    this.name = name;
  }
}
