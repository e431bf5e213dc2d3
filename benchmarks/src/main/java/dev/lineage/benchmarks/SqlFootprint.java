package dev.lineage.benchmarks;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Reads rows and bytes from the database's own measures: on PostgreSQL the stored size of each
 * row ({@code pg_column_size}), on MariaDB the length of each column value. Indexes are not
 * counted. Every table of the connection's schema counts, except migration bookkeeping.
 */
final class SqlFootprint {

  private SqlFootprint() {}

  static StorageFootprint of(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      boolean postgres =
          connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT)
              .contains("postgres");
      String quote = connection.getMetaData().getIdentifierQuoteString();
      long rows = 0;
      long bytes = 0;
      for (String table : tables(connection)) {
        String size = postgres ? "pg_column_size(t.*)" : valueLengths(connection, table, quote);
        try (Statement statement = connection.createStatement();
            ResultSet result = statement.executeQuery("SELECT COUNT(*), COALESCE(SUM(" + size
                + "), 0) FROM " + quote + table + quote + " t")) {
          result.next();
          rows += result.getLong(1);
          bytes += result.getLong(2);
        }
      }
      return new StorageFootprint(rows, bytes);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot measure the footprint: " + e.getMessage(), e);
    }
  }

  /** On PostgreSQL, {@code ANALYZE} of every table of the connection's schema; else nothing. */
  static void refreshStatistics(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      if (!connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT)
          .contains("postgres")) {
        return; // InnoDB recalculates its persistent statistics on its own
      }
      String quote = connection.getMetaData().getIdentifierQuoteString();
      for (String table : tables(connection)) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("ANALYZE " + quote + table + quote);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot refresh statistics: " + e.getMessage(), e);
    }
  }

  private static List<String> tables(Connection connection) throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    List<String> tables = new ArrayList<>();
    try (ResultSet result = meta.getTables(connection.getCatalog(), connection.getSchema(), "%",
        new String[] {"TABLE"})) {
      while (result.next()) {
        String name = result.getString("TABLE_NAME");
        if (!name.toLowerCase(Locale.ROOT).contains("schema_history")) {
          tables.add(name);
        }
      }
    }
    return tables;
  }

  /** {@code LENGTH(c1) + LENGTH(c2) + ...} over the table's columns, nulls as zero. */
  private static String valueLengths(Connection connection, String table, String quote)
      throws SQLException {
    List<String> parts = new ArrayList<>();
    try (ResultSet columns = connection.getMetaData().getColumns(connection.getCatalog(), null,
        table, "%")) {
      while (columns.next()) {
        parts.add("COALESCE(LENGTH(t." + quote + columns.getString("COLUMN_NAME") + quote
            + "), 0)");
      }
    }
    return parts.isEmpty() ? "0" : String.join(" + ", parts);
  }
}
