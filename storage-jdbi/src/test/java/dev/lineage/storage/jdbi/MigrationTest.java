package dev.lineage.storage.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.domain.EntityRegistry;
import dev.lineage.storage.Commit;
import dev.lineage.storage.FieldLayout;
import dev.lineage.storage.StorageUnavailableException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import dev.lineage.testdb.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code migrate()} and what happens before it, or without a database. */
class MigrationTest {

  @ParameterizedTest(name = "{0}")
  @EnumSource(TestDatabase.class)
  @DisplayName("migrate() creates the tables beside an application's own, once, with its own history")
  void migratesBesideApplicationTables(TestDatabase database) throws SQLException {
    // given: a schema that already holds an application's table and Flyway history
    DataSource dataSource = database.namespace("jdbi_migrate");
    execute(dataSource, "CREATE TABLE app_notes (id INT PRIMARY KEY)");
    execute(dataSource, "CREATE TABLE flyway_schema_history (installed_rank INT PRIMARY KEY)");
    // when: through a Jdbi, twice
    JdbiEntityStorage storage =
        JdbiEntityStorage.create(Jdbi.create(dataSource), JdbiStorageOptions.defaults());
    storage.migrate();
    storage.migrate();
    // then
    // Flyway quotes the history table's names, which on H2 keeps them in lower case
    String history = database == TestDatabase.H2
        ? "SELECT COUNT(*) FROM \"lineage_jdbi_schema_history\" WHERE \"version\" = '1'"
            + " AND \"success\""
        : "SELECT COUNT(*) FROM lineage_jdbi_schema_history WHERE version = '1' AND success";
    assertThat(query(dataSource, history)).isEqualTo(1);
    assertThat(query(dataSource, "SELECT COUNT(*) FROM flyway_schema_history")).isZero();
    assertThat(query(dataSource, "SELECT COUNT(*) FROM app_notes")).isZero();
    UUID id = UUID.randomUUID();
    VersionRecord version = new VersionRecord(id, id, null, List.of(),
        Instant.now().truncatedTo(ChronoUnit.MILLIS), "jdbi-test.migrated",
        Map.of("text", new Value.Text("stored")));
    storage.commit(Commit.of(id, List.of(version)));
    assertThat(storage.loadVersions(List.of(id))).containsEntry(id, version);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(TestDatabase.class)
  @DisplayName("an upgrade keeps the rows of version 2 readable, and later turns append to them")
  void upgradeFromVersionTwo(TestDatabase database) throws SQLException {
    // given: a thread with shared history and old ids, its rows written the way version 2 of
    // the tables held them (fields as a JSON object, no shape, positions naming no leaf) into a
    // schema at version 2
    DataSource current = database.namespace("jdbi_upgrade_from");
    JdbiEntityStorage writer = JdbiEntityStorage.create(current);
    writer.migrate();
    EntityRegistry registry = EntityRegistry.over(writer);
    TestThread thread = new TestThread("written by version 2");
    for (int i = 0; i < 5; i++) {
      thread.addTurn();
    }
    registry.register(thread);
    for (int i = 0; i < 10; i++) {
      thread.addTurn();
      registry.commit(thread);
    }
    Map<UUID, VersionRecord> expected = writer.loadGraphs(List.of(thread.ecsId()));
    DataSource upgraded = database.namespace("jdbi_upgrade_to");
    Dialect dialect;
    try (Connection connection = upgraded.getConnection()) {
      dialect = Dialect.of(connection);
    }
    Flyway.configure(Schema.class.getClassLoader()).dataSource(upgraded)
        .locations(dialect.migrations()).table(Schema.HISTORY_TABLE).target("2").load()
        .migrate();
    copyAsVersionTwo(current, upgraded, dialect);
    // when
    JdbiEntityStorage storage = JdbiEntityStorage.create(upgraded);
    storage.migrate();
    // then
    assertThat(storage.loadGraphs(List.of(thread.ecsId()))).isEqualTo(expected);
    assertThat(storage.verify().problems()).isEmpty();
    EntityRegistry later = EntityRegistry.over(storage);
    TestThread read = later.get(thread.ecsId(), TestThread.class).orElseThrow();
    read.addTurn();
    later.commit(read);
    TestThread grown = later.get(read.ecsId(), TestThread.class).orElseThrow();
    assertThat(grown.history).hasSize(32);
    assertThat(grown.history.get(31).usage.promptTokens).isEqualTo(900);
    assertThat(storage.loadGraphs(List.of(thread.ecsId()))).isEqualTo(expected);
    assertThat(storage.verify().problems()).isEmpty();
  }

  /** Copies every row of {@code from} into {@code to}, a schema at version 2, as it held them. */
  private static void copyAsVersionTwo(DataSource from, DataSource to, Dialect dialect)
      throws SQLException {
    try (Connection source = from.getConnection(); Connection target = to.getConnection();
        Statement read = source.createStatement()) {
      Map<Integer, FieldLayout> shapes = new HashMap<>();
      try (ResultSet row = read.executeQuery("SELECT shape_id, field_names FROM lineage_shape")) {
        while (row.next()) {
          shapes.put(row.getInt(1), JsonCodec.readNames(row.getString(2)));
        }
      }
      try (ResultSet row = read.executeQuery("SELECT type_id, type_name FROM lineage_type");
          PreparedStatement insert = target.prepareStatement(
              "INSERT INTO lineage_type (type_id, type_name) VALUES (?, ?)")) {
        while (row.next()) {
          insert.setInt(1, row.getInt(1));
          insert.setString(2, row.getString(2));
          insert.executeUpdate();
        }
      }
      try (ResultSet row = read.executeQuery("SELECT ecs_id, lineage_id, parent_id,"
          + " successor_of, created_ms, type_id, shard_key, old_ids, fields, shape_id"
          + " FROM lineage_version");
          PreparedStatement insert = target.prepareStatement("INSERT INTO lineage_version"
              + " (ecs_id, lineage_id, parent_id, successor_of, created_ms, type_id, shard_key,"
              + " old_ids, fields) VALUES (?, ?, ?, ?, ?, ?, ?, ?, " + dialect.jsonParameter()
              + ")")) {
        while (row.next()) {
          for (int column : new int[] {1, 2, 3, 4, 7}) {
            dialect.setId(insert, column, dialect.getId(row, column));
          }
          insert.setLong(5, row.getLong(5));
          insert.setInt(6, row.getInt(6));
          insert.setString(8, row.getString(8));
          Map<String, ListDescriptor> lists = new HashMap<>();
          Map<String, Value> fields = JsonCodec.readValues(row.getString(9),
              shapes.get(row.getInt(10)), (field, list) -> {
                lists.put(field, list);
                return Value.NULL;
              });
          insert.setString(9, JsonCodec.writeFields(fields, lists, id -> {}));
          insert.executeUpdate();
        }
      }
      try (ResultSet row = read.executeQuery("SELECT owner_id, pos, target_id, target_len,"
          + " target_leaf, shard_key FROM lineage_link");
          PreparedStatement insert = target.prepareStatement("INSERT INTO lineage_link"
              + " (owner_id, pos, target_id, target_len, target_leaf, shard_key)"
              + " VALUES (?, ?, ?, ?, ?, ?)")) {
        while (row.next()) {
          dialect.setId(insert, 1, dialect.getId(row, 1));
          insert.setInt(2, row.getInt(2));
          dialect.setId(insert, 3, dialect.getId(row, 3));
          insert.setObject(4, row.getObject(4) == null ? null : row.getInt(4), Types.INTEGER);
          insert.setBoolean(5, row.getBoolean(5));
          dialect.setId(insert, 6, dialect.getId(row, 6));
          insert.executeUpdate();
        }
      }
    }
  }

  @Test
  @DisplayName("before migrate() a call fails as unavailable and says to migrate")
  void unmigratedSchema() {
    DataSource dataSource = TestDatabase.H2.namespace("jdbi_unmigrated");
    JdbiEntityStorage storage = JdbiEntityStorage.create(dataSource);
    assertThatThrownBy(() -> storage.exists(UUID.randomUUID()))
        .isInstanceOf(StorageUnavailableException.class)
        .hasMessageContaining("migrate()");
  }

  @Test
  @DisplayName("a database that cannot be reached is unavailable, with the driver's error as cause")
  void unreachableDatabase() {
    SQLException refused = new SQLException("connection refused", "08001");
    assertThatThrownBy(() -> JdbiEntityStorage.create(new RefusingDataSource(refused)))
        .isInstanceOf(StorageUnavailableException.class)
        .hasRootCause(refused);
  }

  private static void execute(DataSource dataSource, String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static long query(DataSource dataSource, String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }

  /** A data source whose database is down: every connection attempt fails. */
  private record RefusingDataSource(SQLException failure) implements PlainDataSource {
    @Override
    public Connection getConnection() throws SQLException {
      throw failure;
    }
  }
}
