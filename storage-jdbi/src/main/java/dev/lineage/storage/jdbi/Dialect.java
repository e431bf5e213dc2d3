package dev.lineage.storage.jdbi;

import dev.lineage.storage.InvalidInputException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Locale;
import java.util.UUID;
import org.jdbi.v3.core.argument.Argument;

/**
 * What differs between the databases the adapter runs on: how an id is stored (PostgreSQL's and
 * H2's {@code uuid}; {@code BINARY(16)} on MariaDB, whose own {@code UUID} type does not sort in
 * the canonical order creation order needs), how JSON text is bound, how a type name is inserted
 * when missing, and whether the closure of a graph can be read with one recursive query.
 */
enum Dialect {
  POSTGRESQL("postgresql", "uuid", "CAST(? AS json)", Types.OTHER, true,
      "INSERT INTO lineage_type (type_name) VALUES (?) ON CONFLICT (type_name) DO NOTHING",
      "INSERT INTO lineage_shape (names_digest, field_names) VALUES (?, ?)"
          + " ON CONFLICT (names_digest) DO NOTHING"),
  MARIADB("mariadb", "BINARY(16)", "?", Types.BINARY, true,
      "INSERT IGNORE INTO lineage_type (type_name) VALUES (?)",
      "INSERT IGNORE INTO lineage_shape (names_digest, field_names) VALUES (?, ?)"),
  /**
   * H2's recursive queries do not remove rows seen in earlier iterations (UNION behaves like
   * UNION ALL there, h2database issues 3706 and 4173), so a cyclic graph would never end: on H2
   * the closure is read one level of the graph per statement.
   */
  H2("h2", "UUID", "? FORMAT JSON", Types.OTHER, false,
      "MERGE INTO lineage_type (type_name) KEY (type_name) VALUES (?)",
      "MERGE INTO lineage_shape (names_digest, field_names) KEY (names_digest) VALUES (?, ?)");

  private final String kind;
  private final String idType;
  private final String jsonParameter;
  private final int idSqlType;
  private final boolean closureInOneQuery;
  private final String insertTypeIfMissing;
  private final String insertShapeIfMissing;

  Dialect(String kind, String idType, String jsonParameter, int idSqlType,
      boolean closureInOneQuery, String insertTypeIfMissing, String insertShapeIfMissing) {
    this.kind = kind;
    this.idType = idType;
    this.jsonParameter = jsonParameter;
    this.idSqlType = idSqlType;
    this.closureInOneQuery = closureInOneQuery;
    this.insertTypeIfMissing = insertTypeIfMissing;
    this.insertShapeIfMissing = insertShapeIfMissing;
  }

  /**
   * The dialect of the database behind {@code connection}.
   *
   * @throws InvalidInputException for a database the adapter does not support
   */
  static Dialect of(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName();
    String name = product == null ? "" : product.toLowerCase(Locale.ROOT);
    if (name.contains("postgresql")) {
      return POSTGRESQL;
    }
    if (name.contains("mariadb")) {
      return MARIADB;
    }
    if (name.equals("h2")) {
      return H2;
    }
    throw new InvalidInputException(
        "the JDBI adapter supports PostgreSQL, MariaDB and H2, not " + product);
  }

  /** The adapter and database, as {@code StorageStatus.kind} reports it. */
  String kind() {
    return "jdbi/" + kind;
  }

  /** The folder of this database's Flyway migrations. */
  String migrations() {
    return "classpath:dev/lineage/storage/jdbi/migration/" + kind;
  }

  /** The parameter marker for a JSON column. */
  String jsonParameter() {
    return jsonParameter;
  }

  /** SQL giving the text of the JSON column {@code column}, to compare two of them. */
  String jsonText(String column) {
    return switch (this) {
      case POSTGRESQL -> "CAST(" + column + " AS text)";
      case MARIADB -> column;
      case H2 -> "CAST(" + column + " AS CHARACTER VARYING)";
    };
  }

  /**
   * Whether lists keep runs of ids ({@link IdRuns}). Not on H2: it evaluates a common table
   * expression anew wherever a statement names it, and the reads that take runs name the walk of
   * the lists several times; there the conformance suite's stress test read for minutes. H2 reads
   * lists position by position.
   */
  boolean keepsIdRuns() {
    return this != H2;
  }

  /**
   * Whether a graph's read sends the positions of its lists in a statement of their own: MariaDB
   * writes the rows of a {@code UNION ALL} into a temporary table before sending them (see {@link
   * VersionReader}); PostgreSQL and H2 stream them.
   */
  boolean readsPositionsApart() {
    return this == MARIADB;
  }

  /**
   * How many rows of a read the driver takes from the server at a time, 0 for all of them before
   * the first is handed over. MariaDB's driver otherwise reads a whole result first; handed over
   * as they arrive, rows are decoded while the server still sends the next ones (measured, a
   * thread of 10,000 messages: 0.77x the load's time). PostgreSQL's driver fetches in steps only
   * through a cursor, a round trip per step, so nothing would overlap; H2 runs in this process.
   */
  int rowsPerFetch() {
    return this == MARIADB ? 1_000 : 0;
  }

  /**
   * Whether a graph's read streams its rows with {@code COPY} ({@link CopyRows}), so that they
   * are decoded while the server still sends them (measured, a thread of 10,000 messages: 0.91x
   * the load's time).
   */
  boolean streamsGraphs() {
    return this == POSTGRESQL;
  }

  /**
   * Whether {@code lineage_link} has the column {@code walk} and its index (V6). Not on H2: it
   * reads a graph one level per statement, and its walk never reaches a list's positions.
   */
  boolean marksWalkedLinks() {
    return this != H2;
  }

  /**
   * What follows {@code lineage_link} in the walk of a read so that it takes the links through
   * {@code lineage_link_walked} (V6). MariaDB's optimizer otherwise prefers the primary key's
   * {@code owner_id} and scans every position of a list (measured: 4.7 of 18 ms on a thread of
   * 10,000 messages); PostgreSQL takes its partial index unasked.
   */
  String walkedLinksHint() {
    return this == MARIADB ? " FORCE INDEX (lineage_link_walked)" : "";
  }

  /** A typed NULL of the type of {@code lineage_id_run.ids}, for the first rows of a union. */
  String nullBytes() {
    return switch (this) {
      case POSTGRESQL -> "CAST(NULL AS bytea)";
      case MARIADB -> "NULL";
      case H2 -> "CAST(NULL AS BINARY VARYING)";
    };
  }

  /** A typed NULL id, for the first rows of a recursive query. */
  String nullId() {
    return "CAST(NULL AS " + idType + ")";
  }

  /** The statement that adds a type name unless it is there already. */
  String insertTypeIfMissing() {
    return insertTypeIfMissing;
  }

  /** The statement that adds a shape (digest, names) unless it is there already. */
  String insertShapeIfMissing() {
    return insertShapeIfMissing;
  }

  /** Whether one recursive query reads a whole graph, cycles included. */
  boolean closureInOneQuery() {
    return closureInOneQuery;
  }

  /** An argument binding {@code id}, which may be null. */
  Argument id(UUID id) {
    return (position, statement, context) -> setId(statement, position, id);
  }

  void setId(PreparedStatement statement, int position, UUID id) throws SQLException {
    if (id == null) {
      statement.setNull(position, idSqlType);
    } else if (this == MARIADB) {
      statement.setBytes(position, bytes(id));
    } else {
      statement.setObject(position, id);
    }
  }

  /** The id in column {@code column}, or null. */
  UUID getId(ResultSet row, int column) throws SQLException {
    if (this == MARIADB) {
      byte[] bytes = row.getBytes(column);
      if (bytes == null) {
        return null;
      }
      if (bytes.length != 16) {
        throw new SQLException("an id column holds " + bytes.length + " bytes, not 16");
      }
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      return new UUID(buffer.getLong(), buffer.getLong());
    }
    return row.getObject(column, UUID.class);
  }

  private static byte[] bytes(UUID id) {
    return ByteBuffer.allocate(16)
        .putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits())
        .array();
  }
}
