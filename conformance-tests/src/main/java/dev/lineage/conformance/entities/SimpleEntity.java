package dev.lineage.conformance.entities;

import dev.lineage.domain.Entity;
import java.util.UUID;

/** A name and a number: the smallest entity (reference 5, {@code SimpleEntity}). */
public class SimpleEntity extends Entity {
  public String name;
  public int value;

  public SimpleEntity() {}

  public SimpleEntity(String name, int value) {
    this.name = name;
    this.value = value;
  }

  /** An entity claiming the stored version {@code ecsId} (reference case C-FORK-10). */
  public SimpleEntity(UUID ecsId, String name, int value) {
    super(ecsId);
    this.name = name;
    this.value = value;
  }
}
