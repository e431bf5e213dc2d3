package dev.lineage.storage.jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The rows of a read's result, one at a time, as {@link VersionReader} takes them: from a JDBC
 * result, or from PostgreSQL's {@code COPY} ({@link CopyRows}). Columns count from 1; a null
 * number reads as 0 and {@link #wasNull} tells, as in JDBC.
 */
interface Columns {

  /** Moves to the next row; false when there is none. */
  boolean next() throws SQLException;

  int getInt(int column) throws SQLException;

  long getLong(int column) throws SQLException;

  /** Whether the last column read was null. */
  boolean wasNull() throws SQLException;

  String getString(int column) throws SQLException;

  byte[] getBytes(int column) throws SQLException;

  /** An id column, null when null. */
  UUID getId(int column) throws SQLException;

  /** The rows of {@code result}, ids read as {@code dialect} stores them. */
  static Columns of(ResultSet result, Dialect dialect) {
    return new Columns() {
      @Override
      public boolean next() throws SQLException {
        return result.next();
      }

      @Override
      public int getInt(int column) throws SQLException {
        return result.getInt(column);
      }

      @Override
      public long getLong(int column) throws SQLException {
        return result.getLong(column);
      }

      @Override
      public boolean wasNull() throws SQLException {
        return result.wasNull();
      }

      @Override
      public String getString(int column) throws SQLException {
        return result.getString(column);
      }

      @Override
      public byte[] getBytes(int column) throws SQLException {
        return result.getBytes(column);
      }

      @Override
      public UUID getId(int column) throws SQLException {
        return dialect.getId(result, column);
      }
    };
  }
}
