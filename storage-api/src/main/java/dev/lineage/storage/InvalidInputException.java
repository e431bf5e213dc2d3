package dev.lineage.storage;

/**
 * The caller's input is wrong (a missing required field, an unsupported value, a bad argument).
 * Nothing was written.
 */
public final class InvalidInputException extends LineageException {

  public InvalidInputException(String message) {
    super(message, null);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
