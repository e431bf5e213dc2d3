package dev.lineage.conformance.archfixture.badadapter;

import dev.lineage.domain.Entity;

/** Breaks the adapter rules twice: it reaches into the domain, and it has a public helper. */
public final class BadEntityStorage {
  public String describe(Entity entity) {
    return new LeakyHelper().name(entity);
  }
}
