package dev.lineage.storage;

/**
 * The root of every failure Lineage reports. Its subtype says what the caller can do:
 *
 * <ul>
 *   <li>{@link ConflictException}: another commit got there first; reload and retry, or branch;
 *   <li>{@link NotFoundException}: a version the operation needs does not exist;
 *   <li>{@link StorageUnavailableException}: the store cannot be reached now; retry later;
 *   <li>{@link UnreadableDataException}: stored data cannot be turned back into entities;
 *   <li>{@link InvalidInputException}: the input is wrong; nothing was written.
 * </ul>
 *
 * Driver exceptions travel as the cause, never as the exception itself.
 */
public abstract sealed class LineageException extends RuntimeException
    permits ConflictException,
        NotFoundException,
        StorageUnavailableException,
        UnreadableDataException,
        InvalidInputException {

  protected LineageException(String message, Throwable cause) {
    super(message, cause);
  }
}
