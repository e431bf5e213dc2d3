package dev.lineage.conformance.entities;

import dev.lineage.domain.BackReference;
import dev.lineage.domain.Entity;

/** A child with a back-reference to its parent. */
public class BidirectionalChild extends Entity {
  public String name;
  public int value;
  @BackReference public BidirectionalParent parent;

  public BidirectionalChild() {}

  public BidirectionalChild(String name, int value) {
    this.name = name;
    this.value = value;
  }
}
