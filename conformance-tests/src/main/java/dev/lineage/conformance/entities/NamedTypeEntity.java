package dev.lineage.conformance.entities;

import dev.lineage.domain.Entity;
import dev.lineage.domain.TypeName;

/** An entity stored under a type name of its own choosing, not its class name. */
@TypeName("conformance.NamedType")
public class NamedTypeEntity extends Entity {
  public String label;

  public NamedTypeEntity() {}

  public NamedTypeEntity(String label) {
    this.label = label;
  }
}
