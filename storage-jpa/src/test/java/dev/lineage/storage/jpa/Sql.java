package dev.lineage.storage.jpa;

import dev.lineage.testdb.TestDatabase;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Plain JDBC on a test database, to look at the rows the adapter wrote and to damage them on
 * purpose. Ids are bound as each database keeps them ({@code binary(16)} on MariaDB).
 */
final class Sql {

  /** Every table a commit may write, quoted where needed by {@link #table}. */
  static final List<String> TABLES = List.of("chat_thread", "chat_message", "system_prompt",
      "llm_config", "usage", "generated_json_object", "raw_output", "processed_output",
      "request_limits", "tool", "callable_tool", "structured_tool", "generic_entity",
      "generic_ref", "chat_thread_tools", "id_list_segment", "id_list_item",
      "version_successor", "version_catalog");

  private final TestDatabase database;
  private final DataSource dataSource;

  Sql(TestDatabase database, DataSource dataSource) {
    this.database = database;
    this.dataSource = dataSource;
  }

  /** {@code name} as this database needs it written ({@code usage} is reserved on MariaDB). */
  String table(String name) {
    if (!name.equals("usage")) {
      return name;
    }
    return database == TestDatabase.MARIADB ? "`usage`" : "\"usage\"";
  }

  long count(String sql, Object... parameters) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = prepare(connection, sql, parameters);
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  List<Object> column(String sql, Object... parameters) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = prepare(connection, sql, parameters);
        ResultSet rows = statement.executeQuery()) {
      List<Object> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getObject(1));
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  int update(String sql, Object... parameters) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = prepare(connection, sql, parameters)) {
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** How many rows of every table {@code rootLineage}'s commits wrote. */
  long rowsOf(UUID rootLineage) {
    long rows = 0;
    for (String table : TABLES) {
      if (!table.equals("callable_tool") && !table.equals("structured_tool")) {
        rows += count("select count(*) from " + table(table) + " where root_lineage_id = ?",
            rootLineage);
      }
    }
    return rows;
  }

  /** How many rows all tables hold. */
  long allRows() {
    long rows = 0;
    for (String table : TABLES) {
      rows += count("select count(*) from " + table(table));
    }
    return rows;
  }

  private PreparedStatement prepare(Connection connection, String sql, Object... parameters)
      throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < parameters.length; i++) {
      Object parameter = parameters[i];
      if (parameter instanceof UUID id && database == TestDatabase.MARIADB) {
        parameter = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits())
            .putLong(id.getLeastSignificantBits()).array();
      }
      statement.setObject(i + 1, parameter);
    }
    return statement;
  }
}
