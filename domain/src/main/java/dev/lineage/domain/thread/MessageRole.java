package dev.lineage.domain.thread;

import dev.lineage.storage.InvalidInputException;

/** Who wrote a message. Stored by constant name; {@link #wire()} is the provider spelling. */
public enum MessageRole {
  USER("user"),
  ASSISTANT("assistant"),
  TOOL("tool"),
  SYSTEM("system");

  private final String wire;

  MessageRole(String wire) {
    this.wire = wire;
  }

  /** The role as providers spell it: {@code "user"}, {@code "assistant"}, ... */
  public String wire() {
    return wire;
  }

  /**
   * The role a provider's spelling names.
   *
   * @throws InvalidInputException for a spelling that names no role
   */
  public static MessageRole fromWire(String wire) {
    for (MessageRole role : values()) {
      if (role.wire.equals(wire)) {
        return role;
      }
    }
    throw new InvalidInputException(
        "'" + wire + "' is not a message role; expected user, assistant, tool or system");
  }
}
