package dev.lineage.conformance.entities;

import dev.lineage.domain.Entity;
import dev.lineage.domain.Required;

/** An entity with a required field and a rule across fields. */
public class ValidatedEntity extends Entity {
  @Required public String name;
  public int low;
  public int high;

  public ValidatedEntity() {}

  public ValidatedEntity(String name, int low, int high) {
    this.name = name;
    this.low = low;
    this.high = high;
  }

  @Override
  protected void validate() {
    if (low > high) {
      throw new IllegalArgumentException("low " + low + " is above high " + high);
    }
  }
}
