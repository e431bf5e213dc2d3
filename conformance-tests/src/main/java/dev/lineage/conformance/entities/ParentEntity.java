package dev.lineage.conformance.entities;

import dev.lineage.domain.Entity;
import java.util.ArrayList;
import java.util.List;

/** An owner of an ordered list of children. */
public class ParentEntity extends Entity {
  public String name;
  public List<SimpleEntity> children = new ArrayList<>();

  public ParentEntity() {}

  public ParentEntity(String name, SimpleEntity... children) {
    this.name = name;
    this.children.addAll(List.of(children));
  }
}
