package dev.lineage.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.UUID;
import javax.sql.DataSource;

/** The little raw JDBC the baselines share. */
final class Sql {

  private Sql() {}

  interface Work {
    void run(Connection connection) throws SQLException;
  }

  interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  /** PostgreSQL and MariaDB (10.7 and later) both have a native 16-byte UUID type. */
  static final String UUID_TYPE = "UUID";

  static void run(DataSource dataSource, String... statements) {
    transaction(dataSource, connection -> {
      try (Statement statement = connection.createStatement()) {
        for (String sql : statements) {
          statement.execute(sql);
        }
      }
    });
  }

  static void transaction(DataSource dataSource, Work work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        work.run(connection);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Runs a query and reads every row's columns; returns the number of rows. */
  static int query(DataSource dataSource, String sql, Binder binder) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      binder.bind(statement);
      int rows = 0;
      try (ResultSet result = statement.executeQuery()) {
        int columns = result.getMetaData().getColumnCount();
        while (result.next()) {
          for (int c = 1; c <= columns; c++) {
            result.getObject(c);
          }
          rows++;
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Binds the ten columns of a message row shared by the floor and the reference layout. */
  static void bindMessage(PreparedStatement insert, UUID id, UUID threadId, int position,
      String role, String content, Turn usage, Timestamp now) throws SQLException {
    insert.setObject(1, id);
    insert.setObject(2, threadId);
    insert.setInt(3, position);
    insert.setString(4, role);
    insert.setString(5, content);
    if (usage == null) {
      insert.setNull(6, Types.VARCHAR);
      insert.setNull(7, Types.INTEGER);
      insert.setNull(8, Types.INTEGER);
      insert.setNull(9, Types.INTEGER);
    } else {
      insert.setString(6, usage.model());
      insert.setInt(7, usage.promptTokens());
      insert.setInt(8, usage.completionTokens());
      insert.setInt(9, usage.totalTokens());
    }
    insert.setTimestamp(10, now);
  }
}
