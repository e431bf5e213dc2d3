package dev.lineage.conformance.entities;

import dev.lineage.domain.Entity;

/** A title and an optional nested entity. */
public class NestedEntity extends Entity {
  public String title;
  public SimpleEntity nested;

  public NestedEntity() {}

  public NestedEntity(String title, SimpleEntity nested) {
    this.title = title;
    this.nested = nested;
  }
}
