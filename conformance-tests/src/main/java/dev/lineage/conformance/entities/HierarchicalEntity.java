package dev.lineage.conformance.entities;

import dev.lineage.domain.BackReference;
import dev.lineage.domain.Entity;
import java.util.ArrayList;
import java.util.List;

/** A tree node: owns its children, points back at its parent. */
public class HierarchicalEntity extends Entity {
  public String name;
  @BackReference public HierarchicalEntity parent;
  public List<HierarchicalEntity> children = new ArrayList<>();

  public HierarchicalEntity() {}

  public HierarchicalEntity(String name) {
    this.name = name;
  }

  /** Adds {@code child} and points it back here; returns the child. */
  public HierarchicalEntity add(HierarchicalEntity child) {
    children.add(child);
    child.parent = this;
    return child;
  }
}
