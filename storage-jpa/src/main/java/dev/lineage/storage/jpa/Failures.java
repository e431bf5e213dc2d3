package dev.lineage.storage.jpa;

import dev.lineage.storage.Credentials;
import dev.lineage.storage.InvalidInputException;
import dev.lineage.storage.LineageException;
import dev.lineage.storage.StorageUnavailableException;
import dev.lineage.storage.UnreadableDataException;
import java.sql.SQLException;
import org.hibernate.JDBCException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.JDBCConnectionException;

/**
 * Turns what Hibernate and the driver throw into the port's exceptions, with the original as the
 * cause, and says which failures a commit may retry.
 */
final class Failures {

  private Failures() {}

  /**
   * Whether running the commit again may succeed: another transaction inserted one of its keys
   * first (a racing commit from the same base, the same new version sent twice at once), or the
   * database broke a deadlock or a serialization conflict by aborting it.
   */
  static boolean isRace(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConstraintViolationException violation
          && violation.getKind() == ConstraintViolationException.ConstraintKind.UNIQUE) {
        return true;
      }
      if (cause instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        // 23505 unique violation (PostgreSQL, H2); 23000 with error 1062: duplicate key (MariaDB);
        // 40001 serialization failure or deadlock; 40P01 deadlock (PostgreSQL); HYT00 lock
        // timeout (H2)
        if (state.equals("23505") || (state.equals("23000") && sql.getErrorCode() == 1062)
            || state.equals("40001") || state.equals("40P01") || state.equals("HYT00")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The port's exception for a failure of {@code what} (a sentence fragment naming the call). The
   * driver's message is kept without anything that looks like a password.
   */
  static LineageException translate(RuntimeException failure, String what, boolean reading) {
    if (failure instanceof LineageException lineage) {
      return lineage;
    }
    String message = Credentials.mask(failure.getMessage());
    if (isConnectionFailure(failure)) {
      return new StorageUnavailableException(
          what + " failed: the database cannot be reached (" + message + ")",
          failure);
    }
    if (failure instanceof ConstraintViolationException) {
      return new InvalidInputException(
          what + " was refused by a database constraint; nothing was written: " + message,
          failure);
    }
    if (failure instanceof JDBCException) {
      return new StorageUnavailableException(
          what + " failed in the database (has JpaEntityStorage.migrate() run on it?): "
              + message, failure);
    }
    if (reading) {
      return new UnreadableDataException(
          what + " failed: stored rows cannot be read back: " + message, failure);
    }
    return new StorageUnavailableException(what + " failed: " + message, failure);
  }

  private static boolean isConnectionFailure(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof JDBCConnectionException) {
        return true;
      }
      if (cause instanceof SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
        return true;
      }
      if (cause instanceof java.sql.SQLTransientConnectionException) {
        return true;
      }
    }
    return false;
  }
}
