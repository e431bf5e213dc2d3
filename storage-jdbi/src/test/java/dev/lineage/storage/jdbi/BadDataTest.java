package dev.lineage.storage.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.storage.Commit;
import dev.lineage.storage.ConflictException;
import dev.lineage.storage.InvalidInputException;
import dev.lineage.storage.UnreadableDataException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import dev.lineage.testdb.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bad data and failed commits. Rows altered by hand fail the read of their version with {@link
 * UnreadableDataException} naming the table and the version, while other versions stay readable;
 * a commit the store refuses leaves no row behind.
 */
class BadDataTest {

  private static final String TYPE = "jdbi-test.bad";

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  private static VersionRecord record(Map<String, Value> fields) {
    UUID id = UUID.randomUUID();
    return new VersionRecord(id, id, null, List.of(), now(), TYPE, fields);
  }

  private static VersionRecord next(VersionRecord parent, Map<String, Value> fields) {
    List<UUID> oldIds = new ArrayList<>(parent.oldIds());
    oldIds.add(parent.ecsId());
    return new VersionRecord(UUID.randomUUID(), parent.lineageId(), parent.ecsId(), oldIds, now(),
        parent.type(), fields);
  }

  /** A stored thread-like version with a shared list of 12 references, and its items. */
  private record Stored(VersionRecord owner, List<VersionRecord> items) {}

  private static Stored storeListOwner(JdbiEntityStorage storage) {
    List<VersionRecord> items = new ArrayList<>();
    List<Value> refs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      VersionRecord item = record(Map.of("text", new Value.Text("item " + i)));
      items.add(item);
      refs.add(new Value.Ref(item.ecsId()));
    }
    Map<String, Value> fields = new LinkedHashMap<>();
    fields.put("text", new Value.Text("owner"));
    fields.put("items", new Value.Seq(refs));
    VersionRecord owner = record(fields);
    List<VersionRecord> all = new ArrayList<>(items);
    all.add(owner);
    storage.commit(Commit.of(owner.ecsId(), all));
    return new Stored(owner, items);
  }

  private static void update(DataSource dataSource, String sql, UUID id) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      Dialect.of(connection).setId(statement, 1, id);
      assertThat(statement.executeUpdate()).as("rows changed by %s", sql).isPositive();
    }
  }

  private static long rows(DataSource dataSource, String table) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
      row.next();
      return row.getLong(1);
    }
  }

  @Nested
  @DisplayName("a row altered by hand fails the read of its version, naming table and version")
  class Unreadable {

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    @DisplayName("fields that are not JSON, or not an object")
    void brokenJson(TestDatabase database) throws SQLException {
      // given
      DataSource dataSource = database.namespace("jdbi_bad");
      JdbiEntityStorage storage = Storages.on(database, "jdbi_bad");
      VersionRecord damaged = record(Map.of("text", new Value.Text("soon broken")));
      VersionRecord fine = record(Map.of("text", new Value.Text("fine")));
      storage.commit(Commit.of(damaged.ecsId(), List.of(damaged)));
      storage.commit(Commit.of(fine.ecsId(), List.of(fine)));
      // when: MariaDB keeps fields as text, so it can hold broken JSON; PostgreSQL's jsonb and
      // H2's JSON refuse it, but hold JSON that is not an object
      String text = database == TestDatabase.MARIADB ? "'{\"text\": '" : "'[1, 2]'";
      String json = database == TestDatabase.H2 ? text + " FORMAT JSON" : text;
      update(dataSource, "UPDATE lineage_version SET fields = " + json + " WHERE ecs_id = ?",
          damaged.ecsId());
      // then
      assertThatThrownBy(() -> storage.loadVersions(List.of(damaged.ecsId())))
          .isInstanceOf(UnreadableDataException.class)
          .hasMessageContaining("lineage_version")
          .hasMessageContaining(damaged.ecsId().toString());
      assertThat(storage.loadVersions(List.of(fine.ecsId()))).containsEntry(fine.ecsId(), fine);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    @DisplayName("a value of a kind the encoding does not have")
    void badValueKind(TestDatabase database) throws SQLException {
      DataSource dataSource = database.namespace("jdbi_bad");
      JdbiEntityStorage storage = Storages.on(database, "jdbi_bad");
      VersionRecord damaged = record(Map.of("text", new Value.Text("soon a bad kind")));
      storage.commit(Commit.of(damaged.ecsId(), List.of(damaged)));
      for (String bad : List.of("{\"text\": \"~qwhat\"}", "{\"text\": 1.5}",
          "{\"text\": \"~tyesterday\"}")) {
        String json = "'" + bad + "'" + (database == TestDatabase.H2 ? " FORMAT JSON" : "");
        update(dataSource, "UPDATE lineage_version SET fields = " + json + " WHERE ecs_id = ?",
            damaged.ecsId());
        assertThatThrownBy(() -> storage.loadGraphs(List.of(damaged.ecsId())))
            .isInstanceOf(UnreadableDataException.class)
            .hasMessageContaining("lineage_version")
            .hasMessageContaining(damaged.ecsId().toString());
      }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    @DisplayName("a type id that names no type")
    void unknownTypeName(TestDatabase database) throws SQLException {
      DataSource dataSource = database.namespace("jdbi_bad");
      JdbiEntityStorage storage = Storages.on(database, "jdbi_bad");
      VersionRecord damaged = record(Map.of("text", new Value.Text("soon of no type")));
      VersionRecord fine = record(Map.of("text", new Value.Text("fine")));
      storage.commit(Commit.of(damaged.ecsId(), List.of(damaged)));
      storage.commit(Commit.of(fine.ecsId(), List.of(fine)));
      update(dataSource, "UPDATE lineage_version SET type_id = 987654 WHERE ecs_id = ?",
          damaged.ecsId());
      assertThatThrownBy(() -> storage.loadVersions(List.of(damaged.ecsId())))
          .isInstanceOf(UnreadableDataException.class)
          .hasMessageContaining("lineage_type")
          .hasMessageContaining("987654")
          .hasMessageContaining(damaged.ecsId().toString());
      assertThat(storage.loadVersions(List.of(fine.ecsId()))).containsEntry(fine.ecsId(), fine);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    @DisplayName("a list position whose row is missing")
    void missingListRow(TestDatabase database) throws SQLException {
      DataSource dataSource = database.namespace("jdbi_bad");
      JdbiEntityStorage storage = Storages.on(database, "jdbi_bad");
      Stored stored = storeListOwner(storage);
      update(dataSource, "DELETE FROM lineage_link WHERE pos = 7 AND owner_id = (SELECT target_id"
          + " FROM (SELECT target_id FROM lineage_link WHERE owner_id = ? AND pos = 0) owner)",
          stored.owner().ecsId());
      assertThatThrownBy(() -> storage.loadVersions(List.of(stored.owner().ecsId())))
          .isInstanceOf(UnreadableDataException.class)
          .hasMessageContaining("lineage_link")
          .hasMessageContaining("position 7")
          .hasMessageContaining(stored.owner().ecsId().toString());
      assertThatThrownBy(() -> storage.loadGraphs(List.of(stored.owner().ecsId())))
          .isInstanceOf(UnreadableDataException.class)
          .hasMessageContaining(stored.owner().ecsId().toString());
      assertThat(storage.loadVersions(List.of(stored.items().get(7).ecsId()))).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    @DisplayName("a list position that points elsewhere (the list's digest no longer matches)")
    void alteredListRow(TestDatabase database) throws SQLException {
      DataSource dataSource = database.namespace("jdbi_bad");
      JdbiEntityStorage storage = Storages.on(database, "jdbi_bad");
      Stored stored = storeListOwner(storage);
      update(dataSource, "UPDATE lineage_link SET target_id = owner_id WHERE pos = 3 AND"
          + " owner_id = (SELECT target_id FROM (SELECT target_id FROM lineage_link"
          + " WHERE owner_id = ? AND pos = 0) owner)", stored.owner().ecsId());
      assertThatThrownBy(() -> storage.loadVersions(List.of(stored.owner().ecsId())))
          .isInstanceOf(UnreadableDataException.class)
          .hasMessageContaining("lineage_link")
          .hasMessageContaining(stored.owner().ecsId().toString());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = TestDatabase.class, names = {"POSTGRESQL", "MARIADB"})
    @DisplayName("a graph's read failing on a row while more are coming leaves its connection"
        + " ready for the next statement (the databases whose reads stream their rows; H2 reads"
        + " a list's items from their own rows)")
    @Timeout(60) // a connection left in the middle of a result would make the next read wait
    void failureWhileStreaming(TestDatabase database) throws SQLException {
      // given: one connection for everything, and a copy of a list's item that cannot be read,
      // followed by the positions of the other items
      DataSource dataSource = database.namespace("jdbi_bad");
      try (Connection connection = dataSource.getConnection()) {
        JdbiEntityStorage storage = JdbiEntityStorage.create(onlyThrough(connection));
        Stored stored = storeListOwner(storage);
        VersionRecord damaged = stored.items().get(1);
        update(dataSource, "UPDATE lineage_link SET item_fields = '[\"~qwhat\"]'"
            + " WHERE target_id = ?", damaged.ecsId());
        // when, then
        assertThatThrownBy(() -> storage.loadGraphs(List.of(stored.owner().ecsId())))
            .isInstanceOf(UnreadableDataException.class)
            .hasMessageContaining(damaged.ecsId().toString());
        VersionRecord fine = record(Map.of("text", new Value.Text("fine")));
        storage.commit(Commit.of(fine.ecsId(), List.of(fine)));
        assertThat(storage.loadGraphs(List.of(fine.ecsId()))).containsEntry(fine.ecsId(), fine);
      }
    }
  }

  /** A data source that hands out {@code connection} every time and never closes it. */
  private static DataSource onlyThrough(Connection connection) {
    Connection kept = (Connection) Proxy.newProxyInstance(BadDataTest.class.getClassLoader(),
        new Class<?>[] {Connection.class}, (self, method, args) -> {
          if (method.getName().equals("close")) {
            return null;
          }
          try {
            return method.invoke(connection, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    PlainDataSource source = () -> kept;
    return source;
  }

  @Nested
  @DisplayName("a commit the store refuses leaves nothing behind")
  class NothingLeft {

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    @DisplayName("a conflict on the base (its successor is taken)")
    void conflictOnTheBase(TestDatabase database) throws SQLException {
      // given
      DataSource dataSource = database.namespace("jdbi_bad");
      JdbiEntityStorage storage = Storages.on(database, "jdbi_bad");
      Stored base = storeListOwner(storage);
      VersionRecord winner = next(base.owner(), Map.of("text", new Value.Text("winner")));
      storage.commit(Commit.of(winner.ecsId(), List.of(winner)));
      VersionRecord item = record(Map.of("text", new Value.Text("new item")));
      List<Value> refs = new ArrayList<>(((Value.Seq) base.owner().fields().get("items")).items());
      refs.add(new Value.Ref(item.ecsId()));
      VersionRecord loser = next(base.owner(), Map.of("items", new Value.Seq(refs)));
      long versions = rows(dataSource, "lineage_version");
      long links = rows(dataSource, "lineage_link");
      // when / then
      assertThatThrownBy(() -> storage.commit(Commit.of(loser.ecsId(), List.of(item, loser))))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining(base.owner().ecsId().toString())
          .hasMessageContaining(winner.ecsId().toString());
      assertThat(rows(dataSource, "lineage_version")).isEqualTo(versions);
      assertThat(rows(dataSource, "lineage_link")).isEqualTo(links);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    @DisplayName("different content under a stored id, among new versions with lists")
    void differentContentUnderAStoredId(TestDatabase database) throws SQLException {
      DataSource dataSource = database.namespace("jdbi_bad");
      JdbiEntityStorage storage = Storages.on(database, "jdbi_bad");
      VersionRecord stored = record(Map.of("text", new Value.Text("stored")));
      storage.commit(Commit.of(stored.ecsId(), List.of(stored)));
      VersionRecord impostor = new VersionRecord(stored.ecsId(), stored.lineageId(), null,
          List.of(), stored.createdAt(), TYPE, Map.of("text", new Value.Text("impostor")));
      List<VersionRecord> fresh = new ArrayList<>();
      List<Value> refs = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        VersionRecord item = record(Map.of("text", new Value.Text("fresh " + i)));
        fresh.add(item);
        refs.add(new Value.Ref(item.ecsId()));
      }
      VersionRecord owner = record(Map.of("items", new Value.Seq(refs),
          "other", new Value.Ref(stored.ecsId())));
      fresh.add(impostor);
      fresh.add(owner);
      long versions = rows(dataSource, "lineage_version");
      long links = rows(dataSource, "lineage_link");
      assertThatThrownBy(() -> storage.commit(Commit.of(owner.ecsId(), fresh)))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining(stored.ecsId().toString());
      assertThat(rows(dataSource, "lineage_version")).isEqualTo(versions);
      assertThat(rows(dataSource, "lineage_link")).isEqualTo(links);
      assertThat(storage.loadVersions(List.of(stored.ecsId()))).containsEntry(stored.ecsId(),
          stored);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    @DisplayName("input the adapter cannot store is refused before anything is written")
    void invalidInput(TestDatabase database) throws SQLException {
      DataSource dataSource = database.namespace("jdbi_bad");
      JdbiEntityStorage storage = Storages.on(database, "jdbi_bad");
      VersionRecord fine = record(Map.of("text", new Value.Text("would be written first")));
      UUID id = UUID.randomUUID();
      VersionRecord longType = new VersionRecord(id, id, null, List.of(), now(),
          "t".repeat(CommitWriter.MAX_TYPE_NAME + 1), Map.of());
      Value deep = Value.NULL;
      for (int i = 0; i <= JsonCodec.MAX_DEPTH; i++) {
        deep = new Value.Seq(List.of(deep));
      }
      VersionRecord tooDeep = record(Map.of("deep", deep));
      long versions = rows(dataSource, "lineage_version");
      assertThatThrownBy(() -> storage.commit(Commit.of(longType.ecsId(), List.of(fine,
          longType)))).isInstanceOf(InvalidInputException.class).hasMessageContaining(
          id.toString());
      assertThatThrownBy(() -> storage.commit(Commit.of(tooDeep.ecsId(), List.of(fine,
          tooDeep)))).isInstanceOf(InvalidInputException.class).hasMessageContaining("'deep'");
      assertThat(rows(dataSource, "lineage_version")).isEqualTo(versions);
    }
  }
}
