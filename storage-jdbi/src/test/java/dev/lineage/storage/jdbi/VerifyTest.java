package dev.lineage.storage.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.domain.EntityRegistry;
import dev.lineage.storage.Commit;
import dev.lineage.storage.IntegrityReport;
import dev.lineage.storage.IntegrityReport.Kind;
import dev.lineage.storage.IntegrityReport.Problem;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import dev.lineage.testdb.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code verify()} reports what is wrong instead of failing on it: rows altered by hand in a
 * namespace of this test's own, each reported once with its kind, the version (or, for rows that
 * are no version, the owner in the detail) and the table; and what the registry writes, through
 * appends, edits and branches, verifies clean.
 */
class VerifyTest {

  private static final String TYPE = "jdbi-test.verified";
  private static final String NAMESPACE = "jdbi_verify";
  /** Drops a position's copies, so that an altered position does not also fail the copy check. */
  private static final String NO_COPY = "item_created_ms = NULL, item_type_id = NULL,"
      + " item_shape_id = NULL, item_fields = NULL, sub_created_ms = NULL, sub_type_id = NULL,"
      + " sub_shape_id = NULL, sub_fields = NULL";

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  private static VersionRecord record(Map<String, Value> fields) {
    UUID id = UUID.randomUUID();
    return new VersionRecord(id, id, null, List.of(), now(), TYPE, fields);
  }

  private static VersionRecord text(String text) {
    return record(Map.of("text", new Value.Text(text)));
  }

  private static void store(JdbiEntityStorage storage, VersionRecord... versions) {
    for (VersionRecord version : versions) {
      storage.commit(Commit.of(version.ecsId(), List.of(version)));
    }
  }

  /** An owner of a shared list of 12 references and of a reference to a version with links. */
  private record Owner(VersionRecord owner, List<VersionRecord> items, VersionRecord child,
      VersionRecord grandchild) {}

  private static Owner storeOwner(JdbiEntityStorage storage) {
    List<VersionRecord> all = new ArrayList<>();
    List<Value> refs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      VersionRecord item = text("item " + i);
      all.add(item);
      refs.add(new Value.Ref(item.ecsId()));
    }
    VersionRecord grandchild = text("grandchild");
    VersionRecord child = record(Map.of("below", new Value.Ref(grandchild.ecsId())));
    Map<String, Value> fields = new LinkedHashMap<>();
    fields.put("items", new Value.Seq(refs));
    fields.put("child", new Value.Ref(child.ecsId()));
    VersionRecord owner = record(fields);
    all.add(grandchild);
    all.add(child);
    all.add(owner);
    storage.commit(Commit.of(owner.ecsId(), all));
    return new Owner(owner, all.subList(0, 12), child, grandchild);
  }

  private static void update(DataSource dataSource, String sql, UUID... ids) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      Dialect dialect = Dialect.of(connection);
      for (int i = 0; i < ids.length; i++) {
        dialect.setId(statement, i + 1, ids[i]);
      }
      assertThat(statement.executeUpdate()).as("rows changed by %s", sql).isPositive();
    }
  }

  private static long rows(DataSource dataSource, String table) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM " + table);
        ResultSet row = statement.executeQuery()) {
      row.next();
      return row.getLong(1);
    }
  }

  /** Adds a link row by hand: {@code owner} at {@code position} names {@code target}. */
  private static void insertLink(DataSource dataSource, UUID owner, int position, UUID target)
      throws SQLException {
    update(dataSource, "INSERT INTO lineage_link (owner_id, pos, target_id, target_len,"
        + " target_leaf, shard_key) VALUES (?, " + position + ", ?, NULL, FALSE, ?)", owner,
        target, owner);
  }

  private static UUID segmentOf(DataSource dataSource, UUID owner) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(
            "SELECT target_id FROM lineage_link WHERE owner_id = ? AND target_len IS NOT NULL"
                + " AND pos >= 0")) {
      Dialect dialect = Dialect.of(connection);
      dialect.setId(statement, 1, owner);
      try (ResultSet row = statement.executeQuery()) {
        assertThat(row.next()).as("a list link of %s", owner).isTrue();
        return dialect.getId(row, 1);
      }
    }
  }

  private static String json(TestDatabase database, String json) {
    return "'" + json + "'" + (database == TestDatabase.H2 ? " FORMAT JSON" : "");
  }

  /** A thread of five turns, not stored yet. */
  private static TestThread fiveTurns(String name) {
    TestThread thread = new TestThread(name);
    for (int i = 0; i < 5; i++) {
      thread.addTurn();
    }
    return thread;
  }

  /** The single problem about {@code id}. */
  private static Problem onlyProblemOf(IntegrityReport report, UUID id) {
    assertThat(report.problemsOf(id)).as("problems of %s in %s", id, report.problems())
        .hasSize(1);
    return report.problemsOf(id).get(0);
  }

  /** The problems about no version whose detail names {@code id}. */
  private static List<Problem> leftoversNaming(IntegrityReport report, UUID id) {
    return report.problems().stream()
        .filter(problem -> problem.ecsId() == null && problem.detail().contains(id.toString()))
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(TestDatabase.class)
  @DisplayName("every row that cannot be read is one UNREADABLE problem naming table and version")
  void unreadableRowsAreReported(TestDatabase database) throws SQLException {
    // given: more versions than one page of the check, then damaged ones among fine ones
    DataSource dataSource = database.namespace(NAMESPACE);
    JdbiEntityStorage storage = Storages.on(database, NAMESPACE);
    List<VersionRecord> bulk = new ArrayList<>();
    for (int i = 0; i < Verifier.PAGE + 200; i++) {
      bulk.add(text("bulk " + i));
    }
    storage.commit(Commit.of(bulk.get(0).ecsId(), bulk));
    VersionRecord brokenJson = text("soon broken");
    VersionRecord badKind = text("soon of a bad kind");
    VersionRecord noType = text("soon of no type");
    VersionRecord fine = text("fine");
    VersionRecord referrer = record(Map.of("damaged", new Value.Ref(brokenJson.ecsId())));
    store(storage, brokenJson, badKind, noType, fine, referrer);
    Owner missingRow = storeOwner(storage);
    Owner alteredRow = storeOwner(storage);
    // when: MariaDB keeps fields as text, so it can hold broken JSON; PostgreSQL's json and H2's
    // JSON refuse it, but hold JSON that is not an object
    update(dataSource, "UPDATE lineage_version SET fields = "
        + json(database, database == TestDatabase.MARIADB ? "{\"text\": " : "[1, 2]")
        + " WHERE ecs_id = ?", brokenJson.ecsId());
    update(dataSource, "UPDATE lineage_version SET fields = "
        + json(database, "{\"text\": \"~qwhat\"}") + " WHERE ecs_id = ?", badKind.ecsId());
    update(dataSource, "UPDATE lineage_version SET type_id = 987654 WHERE ecs_id = ?",
        noType.ecsId());
    UUID segment = segmentOf(dataSource, missingRow.owner().ecsId());
    update(dataSource, "DELETE FROM lineage_link WHERE owner_id = ? AND pos = 7", segment);
    UUID altered = segmentOf(dataSource, alteredRow.owner().ecsId());
    update(dataSource, "UPDATE lineage_link SET target_id = ?, " + NO_COPY
        + " WHERE owner_id = ? AND pos = 3", alteredRow.items().get(4).ecsId(), altered);
    IntegrityReport report = storage.verify();
    // then
    for (VersionRecord damaged : List.of(brokenJson, badKind, noType)) {
      Problem problem = onlyProblemOf(report, damaged.ecsId());
      assertThat(problem.kind()).isEqualTo(Kind.UNREADABLE);
      assertThat(problem.detail()).contains("lineage_version", damaged.ecsId().toString());
    }
    assertThat(onlyProblemOf(report, noType.ecsId()).detail()).contains("987654");
    Problem missing = onlyProblemOf(report, missingRow.owner().ecsId());
    assertThat(missing.kind()).isEqualTo(Kind.UNREADABLE);
    assertThat(missing.detail()).contains("lineage_link", "position 7", segment.toString(),
        missingRow.owner().ecsId().toString());
    Problem digest = onlyProblemOf(report, alteredRow.owner().ecsId());
    assertThat(digest.kind()).isEqualTo(Kind.UNREADABLE);
    assertThat(digest.detail()).contains("lineage_link", altered.toString(), "digest",
        alteredRow.owner().ecsId().toString());
    // a reference to a version that is stored but unreadable is not reported as missing
    assertThat(report.problemsOf(referrer.ecsId())).isEmpty();
    assertThat(report.problemsOf(fine.ecsId())).isEmpty();
    assertThat(report.problemsOf(bulk.get(Verifier.PAGE).ecsId())).isEmpty();
    // the unreadable owners' segments are theirs, not leftovers
    assertThat(leftoversNaming(report, segment)).isEmpty();
    assertThat(leftoversNaming(report, altered)).isEmpty();
    assertThat(report.versionsChecked()).isEqualTo(storage.status().versionCount());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(TestDatabase.class)
  @DisplayName("link and segment rows that no version uses, or that name missing versions")
  void strayLinkRowsAreReported(TestDatabase database) throws SQLException {
    // given
    DataSource dataSource = database.namespace(NAMESPACE);
    JdbiEntityStorage storage = Storages.on(database, NAMESPACE);
    Owner grown = storeOwner(storage);
    Owner extraLink = storeOwner(storage);
    Owner danglingLink = storeOwner(storage);
    Owner lostLink = storeOwner(storage);
    Owner lyingLeaf = storeOwner(storage);
    UUID nobody = UUID.randomUUID();
    UUID nowhere = UUID.randomUUID();
    UUID grownSegment = segmentOf(dataSource, grown.owner().ecsId());
    // when
    insertLink(dataSource, nobody, 0, grown.items().get(0).ecsId());
    insertLink(dataSource, nobody, 1, grown.items().get(1).ecsId());
    insertLink(dataSource, grownSegment, 12, nowhere);
    insertLink(dataSource, extraLink.owner().ecsId(), 50, grown.owner().ecsId());
    insertLink(dataSource, danglingLink.owner().ecsId(), 50, nowhere);
    update(dataSource, "DELETE FROM lineage_link WHERE owner_id = ? AND target_id = ?",
        lostLink.owner().ecsId(), lostLink.child().ecsId());
    update(dataSource, "UPDATE lineage_link SET target_leaf = TRUE WHERE owner_id = ?"
        + " AND target_id = ?", lyingLeaf.owner().ecsId(), lyingLeaf.child().ecsId());
    IntegrityReport report = storage.verify();
    // then
    assertThat(leftoversNaming(report, nobody)).singleElement().satisfies(problem -> {
      assertThat(problem.kind()).isEqualTo(Kind.INCOMPLETE_COMMIT);
      assertThat(problem.detail()).contains("2 rows", "neither a stored version nor a list");
    });
    assertThat(leftoversNaming(report, grownSegment)).singleElement().satisfies(problem -> {
      assertThat(problem.kind()).isEqualTo(Kind.INCOMPLETE_COMMIT);
      assertThat(problem.detail()).contains("positions 12 to 12", "(12 items)",
          "positions [12] name versions that are not stored");
    });
    Problem extra = onlyProblemOf(report, extraLink.owner().ecsId());
    assertThat(extra.kind()).isEqualTo(Kind.INCOMPLETE_COMMIT);
    assertThat(extra.detail()).contains("lineage_link", grown.owner().ecsId().toString(),
        "no field");
    Problem dangling = onlyProblemOf(report, danglingLink.owner().ecsId());
    assertThat(dangling.kind()).isEqualTo(Kind.MISSING_REFERENCE);
    assertThat(dangling.detail()).contains(nowhere.toString(), "not stored");
    Problem lost = onlyProblemOf(report, lostLink.owner().ecsId());
    assertThat(lost.kind()).isEqualTo(Kind.UNREADABLE);
    assertThat(lost.detail()).contains("lineage_link", lostLink.child().ecsId().toString());
    Problem leaf = onlyProblemOf(report, lyingLeaf.owner().ecsId());
    assertThat(leaf.kind()).isEqualTo(Kind.UNREADABLE);
    assertThat(leaf.detail()).contains("no links", lyingLeaf.child().ecsId().toString());
    for (Owner untouched : List.of(grown, extraLink, danglingLink, lostLink, lyingLeaf)) {
      assertThat(report.problemsOf(untouched.child().ecsId())).isEmpty();
      assertThat(report.problemsOf(untouched.items().get(0).ecsId())).isEmpty();
    }
    assertThat(report.problemsOf(grown.owner().ecsId())).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(TestDatabase.class)
  @DisplayName("a list position that names a leaf its version does not link to")
  void wrongLeafOfAPosition(TestDatabase database) throws SQLException {
    // given: a thread whose assistant messages' positions name their usages
    DataSource dataSource = database.namespace(NAMESPACE);
    JdbiEntityStorage storage = Storages.on(database, NAMESPACE);
    TestThread thread = fiveTurns("positions name usages");
    EntityRegistry.over(storage).register(thread);
    UUID segment = segmentOf(dataSource, thread.ecsId());
    UUID question = thread.history.get(0).ecsId();
    // when: the position of the first answer names the first question instead of its usage
    update(dataSource, "UPDATE lineage_link SET target_sub = ?, " + NO_COPY
        + " WHERE owner_id = ? AND pos = 1", question, segment);
    IntegrityReport report = storage.verify();
    // then
    assertThat(leftoversNaming(report, segment)).singleElement().satisfies(problem -> {
      assertThat(problem.kind()).isEqualTo(Kind.UNREADABLE);
      assertThat(problem.detail()).contains("(" + segment + ", 1)", question.toString(),
          thread.history.get(1).ecsId().toString());
    });
    assertThat(report.problemsOf(thread.ecsId())).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(TestDatabase.class)
  @DisplayName("a position's copy of a usage that differs from its row is read, and reported")
  void wrongCopyOfAPosition(TestDatabase database) throws SQLException {
    // given: a thread whose assistant messages' positions carry copies of their usages
    DataSource dataSource = database.namespace(NAMESPACE);
    JdbiEntityStorage storage = Storages.on(database, NAMESPACE);
    TestThread thread = fiveTurns("positions copy usages");
    thread.history.get(3).usage.promptTokens = 901;
    EntityRegistry.over(storage).register(thread);
    UUID segment = segmentOf(dataSource, thread.ecsId());
    // when: the first answer's position carries the copy of the second answer's usage
    String second;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement read = connection.prepareStatement(
            "SELECT sub_fields FROM lineage_link WHERE owner_id = ? AND pos = 3")) {
      Dialect.of(connection).setId(read, 1, segment);
      try (ResultSet row = read.executeQuery()) {
        assertThat(row.next()).isTrue();
        second = row.getString(1);
      }
    }
    update(dataSource, "UPDATE lineage_link SET sub_fields = " + json(database, second)
        + " WHERE owner_id = ? AND pos = 1", segment);
    // then: where a graph is read in one statement (not on H2, which reads it a level at a
    // time, by id), a load takes the copy, not the usage's row; and verify says so everywhere
    TestThread loaded =
        EntityRegistry.over(storage).get(thread.ecsId(), TestThread.class).orElseThrow();
    assertThat(loaded.history.get(1).usage.promptTokens).isEqualTo(
        database == TestDatabase.H2 ? thread.history.get(1).usage.promptTokens : 901);
    UUID usage = thread.history.get(1).usage.ecsId();
    IntegrityReport report = storage.verify();
    assertThat(leftoversNaming(report, segment)).singleElement().satisfies(problem -> {
      assertThat(problem.kind()).isEqualTo(Kind.UNREADABLE);
      assertThat(problem.detail()).contains("(" + segment + ", 1)", "copy", usage.toString());
    });
    assertThat(report.problemsOf(thread.ecsId())).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(TestDatabase.class)
  @DisplayName("a run of ids that ends where its segment holds no position")
  void strayRunIsReported(TestDatabase database) throws SQLException {
    DataSource dataSource = database.namespace(NAMESPACE);
    JdbiEntityStorage storage = Storages.on(database, NAMESPACE);
    Owner owner = storeOwner(storage);
    UUID segment = segmentOf(dataSource, owner.owner().ecsId());
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO lineage_id_run"
            + " (segment_id, end_pos, ids, shard_key) VALUES (?, 63, ?, ?)")) {
      Dialect dialect = Dialect.of(connection);
      dialect.setId(insert, 1, segment);
      insert.setBytes(2, new byte[16 * IdRuns.LENGTH]);
      dialect.setId(insert, 3, segment);
      insert.executeUpdate();
    }
    IntegrityReport report = storage.verify();
    assertThat(leftoversNaming(report, segment)).singleElement().satisfies(problem -> {
      assertThat(problem.kind()).isEqualTo(Kind.INCOMPLETE_COMMIT);
      assertThat(problem.detail()).contains("lineage_id_run", "rows: 1");
    });
    assertThat(report.problemsOf(owner.owner().ecsId())).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(TestDatabase.class)
  @DisplayName("a claimed base that is not the parent breaks the history")
  void wrongClaimIsReported(TestDatabase database) throws SQLException {
    DataSource dataSource = database.namespace(NAMESPACE);
    JdbiEntityStorage storage = Storages.on(database, NAMESPACE);
    VersionRecord first = text("first");
    VersionRecord second = new VersionRecord(UUID.randomUUID(), first.lineageId(),
        first.ecsId(), List.of(first.ecsId()), now(), TYPE,
        Map.of("text", new Value.Text("second")));
    store(storage, first, second);
    UUID elsewhere = UUID.randomUUID();
    update(dataSource, "UPDATE lineage_version SET successor_of = ? WHERE ecs_id = ?",
        elsewhere, second.ecsId());
    IntegrityReport report = storage.verify();
    Problem claim = onlyProblemOf(report, second.ecsId());
    assertThat(claim.kind()).isEqualTo(Kind.BROKEN_HISTORY);
    assertThat(claim.detail()).contains(elsewhere.toString(), first.ecsId().toString());
    assertThat(report.problemsOf(first.ecsId())).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(TestDatabase.class)
  @DisplayName("a store holding an exact multiple of a page of versions verifies")
  void wholePages(TestDatabase database) throws SQLException {
    // given: a namespace of its own, filled up to the next multiple of the verifier's page
    DataSource dataSource = database.namespace("jdbi_verify_pages");
    JdbiEntityStorage storage = Storages.on(database, "jdbi_verify_pages");
    long stored = rows(dataSource, "lineage_version");
    int missing = (int) (Verifier.PAGE - stored % Verifier.PAGE);
    List<VersionRecord> items = new ArrayList<>();
    List<Value> refs = new ArrayList<>();
    for (int i = 0; i < missing - 1; i++) {
      VersionRecord item = text("item " + i);
      items.add(item);
      refs.add(new Value.Ref(item.ecsId()));
    }
    VersionRecord owner = record(Map.of("items", new Value.Seq(refs)));
    items.add(owner);
    storage.commit(Commit.of(owner.ecsId(), items));
    // when
    IntegrityReport report = storage.verify();
    // then
    assertThat(stored + missing).isEqualTo(rows(dataSource, "lineage_version"))
        .isPositive().matches(count -> count % Verifier.PAGE == 0);
    assertThat(report.problems()).isEmpty();
    assertThat(report.versionsChecked()).isEqualTo(stored + missing);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(TestDatabase.class)
  @DisplayName("threads written by the registry, appended, edited and branched, verify clean")
  void registryWritesVerifyClean(TestDatabase database) {
    // given: a namespace of its own, so the whole report must be clean
    JdbiEntityStorage storage = Storages.on(database, "jdbi_verify_clean");
    EntityRegistry registry = EntityRegistry.over(storage);
    TestThread thread = new TestThread("verified");
    for (int i = 0; i < 6; i++) {
      thread.addTurn();
    }
    registry.register(thread);
    UUID early = thread.ecsId();
    for (int turn = 0; turn < 12; turn++) {
      thread.addTurn();
      registry.commit(thread);
      if (turn == 3) {
        early = thread.ecsId();
      }
    }
    thread.history.remove(5);
    registry.commit(thread);
    TestThread branch = registry.branchFrom(early, TestThread.class);
    branch.addTurn();
    registry.commit(branch);
    branch.addTurn();
    registry.commit(branch);
    // when
    IntegrityReport report = storage.verify();
    // then
    assertThat(report.problems()).isEmpty();
    assertThat(report.versionsChecked()).isEqualTo(storage.status().versionCount());
  }
}
