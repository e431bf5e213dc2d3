package dev.lineage.conformance;

/**
 * Optional parts of the contract. An adapter that cannot offer one declares so in {@link
 * EntityStorageSuite#capabilities()}, and the rules that need it report as skipped, with this
 * reason, instead of failing or silently disappearing.
 */
public enum Capability {

  /**
   * Commits and reads may run from many threads at once (contract 7, D-11). An adapter for a
   * single-user embedded store may leave it out; every adapter of this project declares it.
   */
  CONCURRENT_ACCESS("commits and reads from many threads at once");

  private final String description;

  Capability(String description) {
    this.description = description;
  }

  /** What the capability stands for, as it appears in a skip reason. */
  public String description() {
    return description;
  }
}
