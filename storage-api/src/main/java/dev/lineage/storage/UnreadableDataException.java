package dev.lineage.storage;

/**
 * Stored data cannot be turned back into entities: an unknown type name, a value of the wrong
 * kind, a reference to a missing version, corrupted text. The message names the version. Other
 * versions stay readable.
 */
public final class UnreadableDataException extends LineageException {

  public UnreadableDataException(String message) {
    super(message, null);
  }

  public UnreadableDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
