package dev.lineage.domain.thread;

/** How hard a reasoning model thinks. Stored by constant name; sent as {@link #wire()}. */
public enum ReasoningEffort {
  LOW("low"),
  MEDIUM("medium"),
  HIGH("high");

  private final String wire;

  ReasoningEffort(String wire) {
    this.wire = wire;
  }

  /** {@code "low"}, {@code "medium"} or {@code "high"}, as OpenAI's request field takes it. */
  public String wire() {
    return wire;
  }
}
