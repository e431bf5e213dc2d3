package dev.lineage.conformance.entities;

import dev.lineage.domain.Entity;

/** The top of a diamond: two paths down to one shared bottom. */
public class DiamondTop extends Entity {
  public String name;
  public DiamondLeft left;
  public DiamondRight right;

  public DiamondTop() {}

  /** A whole diamond over one shared bottom. */
  public static DiamondTop over(DiamondBottom bottom) {
    DiamondTop top = new DiamondTop();
    top.name = "top";
    top.left = new DiamondLeft("left", bottom);
    top.right = new DiamondRight("right", bottom);
    return top;
  }
}
