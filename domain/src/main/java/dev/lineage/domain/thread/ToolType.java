package dev.lineage.domain.thread;

/** The kind of tool a message refers to. Stored by constant name; {@link #wire()} as in 4.1. */
public enum ToolType {
  CALLABLE("Callable"),
  STRUCTURED("Structured");

  private final String wire;

  ToolType(String wire) {
    this.wire = wire;
  }

  /** {@code "Callable"} or {@code "Structured"}, the reference's literal. */
  public String wire() {
    return wire;
  }
}
