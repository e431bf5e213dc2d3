package dev.lineage.storage.jdbi;

import dev.lineage.storage.InvalidInputException;
import dev.lineage.storage.LineageException;
import dev.lineage.storage.StorageUnavailableException;
import java.sql.SQLException;

/** Turns what JDBI and the driver throw into the port's typed failures. */
final class Failures {

  /** H2's "concurrent update" error code: a lost race, like a serialization failure. */
  private static final int H2_CONCURRENT_UPDATE = 90131;

  private Failures() {}

  /** The driver's exception behind {@code e}, or null. */
  static SQLException sqlCause(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql) {
        return sql;
      }
    }
    return null;
  }

  /**
   * Whether a commit failed because another commit touched the same rows: a unique key already
   * taken (a stored version, a claimed base, a list position), a deadlock or a serialization
   * failure. Such a commit is examined and retried; everything it wrote was rolled back.
   */
  static boolean isCollision(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("23") || state.startsWith("40"))
        || e.getErrorCode() == H2_CONCURRENT_UPDATE;
  }

  /** The port's failure for {@code e}, which happened while doing {@code action}. */
  static LineageException translate(String kind, String action, RuntimeException e) {
    if (e instanceof LineageException lineage) {
      return lineage;
    }
    SQLException sql = sqlCause(e);
    if (sql == null) {
      return new StorageUnavailableException(kind + ": " + action + " failed: " + e, e);
    }
    String state = sql.getSQLState() == null ? "" : sql.getSQLState();
    String detail = kind + ": " + action + " failed (SQL state " + state + "): " + sql.getMessage();
    if (state.startsWith("22")) {
      return new InvalidInputException(detail, e);
    }
    if (state.startsWith("42")) {
      return new StorageUnavailableException(
          detail + "; is the schema migrated? Call JdbiEntityStorage.migrate() once", e);
    }
    return new StorageUnavailableException(detail, e);
  }
}
