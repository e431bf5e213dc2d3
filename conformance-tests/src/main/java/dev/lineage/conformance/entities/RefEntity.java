package dev.lineage.conformance.entities;

import dev.lineage.domain.Entity;

/** An entity with one optional reference. */
public class RefEntity extends Entity {
  public String name;
  public SimpleEntity reference;

  public RefEntity() {}

  public RefEntity(String name, SimpleEntity reference) {
    this.name = name;
    this.reference = reference;
  }
}
