package dev.lineage.storage;

/**
 * A commit lost a race, or would overwrite a stored version: another writer committed a successor
 * of the same base version first, or a different payload was sent under an {@code ecs_id} that is
 * already stored. Reload the latest version and retry, or commit as an explicit branch.
 */
public final class ConflictException extends LineageException {

  public ConflictException(String message) {
    super(message, null);
  }

  public ConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
