package dev.lineage.storage;

/**
 * The store cannot be reached or did not answer in time. Transient: the same call may succeed
 * later; nothing was partly written.
 */
public final class StorageUnavailableException extends LineageException {

  public StorageUnavailableException(String message) {
    super(message, null);
  }

  public StorageUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
