package dev.lineage.conformance.entities;

import dev.lineage.domain.Entity;

/** A name and some text data. */
public class ChildEntity extends Entity {
  public String name;
  public String data;

  public ChildEntity() {}

  public ChildEntity(String name, String data) {
    this.name = name;
    this.data = data;
  }
}
