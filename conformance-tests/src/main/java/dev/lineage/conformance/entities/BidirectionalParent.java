package dev.lineage.conformance.entities;

import dev.lineage.domain.Entity;
import java.util.ArrayList;
import java.util.List;

/** A parent whose children point back at it. */
public class BidirectionalParent extends Entity {
  public String name;
  public List<BidirectionalChild> children = new ArrayList<>();

  public BidirectionalParent() {}

  public BidirectionalParent(String name) {
    this.name = name;
  }

  /** Adds {@code child} and sets its parent here. */
  public void addChild(BidirectionalChild child) {
    children.add(child);
    child.parent = this;
  }
}
