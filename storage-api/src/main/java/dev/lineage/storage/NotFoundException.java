package dev.lineage.storage;

/**
 * A version or lineage that an operation needs (not a plain read, which answers empty) does not
 * exist.
 */
public final class NotFoundException extends LineageException {

  public NotFoundException(String message) {
    super(message, null);
  }

  public NotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
