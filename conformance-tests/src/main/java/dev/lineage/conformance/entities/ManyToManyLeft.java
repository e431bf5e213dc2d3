package dev.lineage.conformance.entities;

import dev.lineage.domain.Entity;
import java.util.ArrayList;
import java.util.List;

/** One side of a many-to-many link; both sides own each other, which makes a cycle. */
public class ManyToManyLeft extends Entity {
  public String name;
  public List<ManyToManyRight> rights = new ArrayList<>();

  public ManyToManyLeft() {}

  public ManyToManyLeft(String name) {
    this.name = name;
  }

  /** Links both sides. */
  public void link(ManyToManyRight right) {
    rights.add(right);
    right.lefts.add(this);
  }
}
