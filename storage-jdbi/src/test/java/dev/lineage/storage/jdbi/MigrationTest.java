package dev.lineage.storage.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.storage.Commit;
import dev.lineage.storage.StorageUnavailableException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import dev.lineage.testdb.TestDatabase;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;
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
  private record RefusingDataSource(SQLException failure) implements DataSource {
    @Override
    public Connection getConnection() throws SQLException {
      throw failure;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      throw failure;
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return false;
    }
  }
}
