package dev.lineage.conformance.entities;

import dev.lineage.domain.Entity;
import java.util.ArrayList;
import java.util.List;

/** The other side of a many-to-many link. */
public class ManyToManyRight extends Entity {
  public String name;
  public List<ManyToManyLeft> lefts = new ArrayList<>();

  public ManyToManyRight() {}

  public ManyToManyRight(String name) {
    this.name = name;
  }
}
