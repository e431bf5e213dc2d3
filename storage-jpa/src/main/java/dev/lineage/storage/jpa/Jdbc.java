package dev.lineage.storage.jpa;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.hibernate.StatelessSession;
import org.hibernate.engine.jdbc.spi.JdbcCoordinator;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * Plain SQL on the session's connection and transaction, for the reads that return thousands of
 * rows (a long history with its messages) and the questions every commit asks. It goes through
 * Hibernate's JDBC coordinator, so the statements are logged ({@code org.hibernate.SQL}) and
 * counted in Hibernate's statistics like its own, and SQL errors become Hibernate's exceptions;
 * but nothing is translated from HQL and no row becomes an entity: turning an HQL query into SQL
 * on every execution and building result rows through Hibernate's assemblers cost more than the
 * database spent on the same query. Values are read as each database keeps them: ids as {@code
 * uuid} ({@code binary(16)} on MariaDB), times as {@code timestamp with time zone} (UTC {@code
 * datetime} on MariaDB), JSON as text (UTF-8 bytes on H2), as Hibernate writes them.
 */
final class Jdbc {

  /** Handles one row of a result. */
  interface Rows {
    void row(ResultSet row) throws SQLException;
  }

  private final SharedSessionContractImplementor session;
  private final Vendor vendor;

  Jdbc(StatelessSession session, Vendor vendor) {
    this.session = (SharedSessionContractImplementor) session;
    this.vendor = vendor;
  }

  /** Runs {@code sql} with {@code parameters} (ids, texts, numbers) and hands over each row. */
  void query(String sql, List<?> parameters, Rows rows) {
    query(sql, parameters, 0, rows);
  }

  /**
   * Like {@link #query(String, List, Rows)}, with the driver taking {@code rowsPerFetch} rows
   * from the server at a time (0: the driver's default), so that the first rows are handled
   * while the server still sends the next.
   */
  void query(String sql, List<?> parameters, int rowsPerFetch, Rows rows) {
    JdbcCoordinator coordinator = session.getJdbcCoordinator();
    PreparedStatement statement = coordinator.getStatementPreparer().prepareStatement(sql);
    ResultSet result = null;
    try {
      if (rowsPerFetch > 0) {
        statement.setFetchSize(rowsPerFetch);
      }
      for (int i = 0; i < parameters.size(); i++) {
        bind(statement, i + 1, parameters.get(i));
      }
      result = coordinator.getResultSetReturn().extract(statement, sql);
      while (result.next()) {
        rows.row(result);
      }
    } catch (SQLException e) {
      throw session.getJdbcServices().getSqlExceptionHelper()
          .convert(e, "reading Lineage's rows", sql);
    } finally {
      if (result != null) {
        coordinator.getLogicalConnection().getResourceRegistry().release(result, statement);
      }
      coordinator.getLogicalConnection().getResourceRegistry().release(statement);
      coordinator.afterStatementExecution();
    }
  }

  private void bind(PreparedStatement statement, int index, Object value) throws SQLException {
    if (value instanceof UUID id) {
      if (vendor == Vendor.MARIADB) {
        statement.setBytes(index, bytes(id));
      } else {
        statement.setObject(index, id);
      }
    } else if (value instanceof String text) {
      statement.setString(index, text);
    } else if (value instanceof Integer number) {
      statement.setInt(index, number);
    } else {
      throw new IllegalArgumentException("no binding for " + value);
    }
  }

  /** The id in column {@code index}, or null. */
  UUID uuid(ResultSet row, int index) throws SQLException {
    if (vendor == Vendor.MARIADB) {
      byte[] bytes = row.getBytes(index);
      if (bytes == null) {
        return null;
      }
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      return new UUID(buffer.getLong(), buffer.getLong());
    }
    return row.getObject(index, UUID.class);
  }

  /** The time in column {@code index}, or null. */
  Instant instant(ResultSet row, int index) throws SQLException {
    if (vendor == Vendor.MARIADB) {
      LocalDateTime utc = row.getObject(index, LocalDateTime.class);
      return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }
    OffsetDateTime time = row.getObject(index, OffsetDateTime.class);
    return time == null ? null : time.toInstant();
  }

  /** The JSON text in column {@code index}, or null. */
  String json(ResultSet row, int index) throws SQLException {
    if (vendor == Vendor.H2) {
      byte[] bytes = row.getBytes(index);
      return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
    return row.getString(index);
  }

  /** The whole number in column {@code index}, or null. */
  static Integer integer(ResultSet row, int index) throws SQLException {
    int value = row.getInt(index);
    return row.wasNull() ? null : value;
  }

  /** The real in column {@code index}, or null. */
  static Double real(ResultSet row, int index) throws SQLException {
    double value = row.getDouble(index);
    return row.wasNull() ? null : value;
  }

  /** The boolean in column {@code index}, or null. */
  static Boolean bool(ResultSet row, int index) throws SQLException {
    boolean value = row.getBoolean(index);
    return row.wasNull() ? null : value;
  }

  /** {@code (?, ?, …)} for {@code count} values, padded like {@link #padded}. */
  static String marks(int count) {
    return PlainSql.marks(InList.slots(count));
  }

  /**
   * {@code values} padded to the next power of two with its last value, so that a statement's
   * text takes few shapes and the database's prepared plans are reused.
   */
  static List<Object> padded(List<?> values) {
    int slots = InList.slots(values.size());
    Object[] all = new Object[slots];
    for (int i = 0; i < slots; i++) {
      all[i] = values.get(Math.min(i, values.size() - 1));
    }
    return List.of(all);
  }

  private static byte[] bytes(UUID id) {
    return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits()).array();
  }
}
