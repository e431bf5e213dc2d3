package dev.lineage.conformance.entities;

import dev.lineage.domain.Entity;
import java.util.ArrayList;
import java.util.List;

/** A mix: a direct reference, a nested entity and a list of children. */
public class ComplexEntity extends Entity {
  public String name;
  public SimpleEntity simple;
  public NestedEntity nested;
  public List<ChildEntity> children = new ArrayList<>();

  public ComplexEntity() {}

  public ComplexEntity(String name) {
    this.name = name;
  }
}
