package dev.lineage.conformance.entities;

/** A subclass of {@link SimpleEntity}: listing simple entities includes it. */
public class DetailedEntity extends SimpleEntity {
  public String detail;

  public DetailedEntity() {}

  public DetailedEntity(String name, int value, String detail) {
    super(name, value);
    this.detail = detail;
  }
}
