package dev.lineage.domain.thread;

import dev.lineage.storage.InvalidInputException;

/** Checks of field values shared by the thread entities' constructors and setters. */
final class Fields {

  private Fields() {}

  /**
   * {@code value}, which must not be null.
   *
   * @throws InvalidInputException naming the entity type and field when it is null
   */
  static <T> T required(T value, String type, String field) {
    if (value == null) {
      throw new InvalidInputException(type + ": field '" + field + "' is required");
    }
    return value;
  }
}
