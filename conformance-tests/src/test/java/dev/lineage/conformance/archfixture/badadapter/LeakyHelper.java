package dev.lineage.conformance.archfixture.badadapter;

import dev.lineage.domain.Entity;

/** A public helper an adapter should keep package-private. */
public class LeakyHelper {
  public String name(Entity entity) {
    return entity.toString();
  }
}
