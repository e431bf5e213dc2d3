package dev.lineage.storage.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.storage.Commit;
import dev.lineage.storage.ConflictException;
import dev.lineage.storage.EntityStorage;
import dev.lineage.storage.UnreadableDataException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import dev.lineage.storage.inmemory.InMemoryEntityStorage;
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
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lists of references shared between versions: whatever a version's list does to its parent's
 * (grows, stays, loses items, changes an old item, is reordered, branches from an old version,
 * races another version), it reads back exactly, the same as from the in-memory reference adapter;
 * and a version that only appends writes only its new items. Each case runs with the adapter's
 * list cache and without it (then a new version proves it extends its parent by the digest).
 */
class ListSharingTest {

  static Stream<Arguments> targets() {
    List<Arguments> targets = new ArrayList<>();
    for (TestDatabase database : TestDatabase.values()) {
      targets.add(Arguments.of(database, true));
      targets.add(Arguments.of(database, false));
    }
    return targets.stream();
  }

  /** The adapter under test and the in-memory adapter, given the same commits. */
  private static final class Twin {
    final JdbiEntityStorage jdbi;
    final InMemoryEntityStorage reference = new InMemoryEntityStorage();
    final DataSource dataSource;
    final List<UUID> written = new ArrayList<>();

    Twin(TestDatabase database, boolean cache) {
      dataSource = database.namespace("jdbi_lists");
      JdbiEntityStorage storage = Storages.on(database, "jdbi_lists");
      jdbi = cache ? storage : JdbiEntityStorage.create(dataSource,
          JdbiStorageOptions.defaults().withListCacheIds(0));
    }

    void commit(Commit commit) {
      jdbi.commit(commit);
      commit(commit, reference);
    }

    /** One turn: a question and an answer appended to {@code history}, committed as a version. */
    VersionRecord turn(VersionRecord thread, List<VersionRecord> history, int turn) {
      VersionRecord question = message("question " + turn);
      VersionRecord answer = message("answer " + turn);
      history.add(question);
      history.add(answer);
      VersionRecord next = nextThread(thread, "thread", history);
      commit(commitOf(next, List.of(question, answer), false));
      return next;
    }

    /** Records a commit already made on the adapter under test, and makes it on {@code other}. */
    void commit(Commit commit, EntityStorage other) {
      other.commit(commit);
      commit.versions().forEach(version -> written.add(version.ecsId()));
    }

    /** Every version written so far reads back from the database as from memory. */
    void readsBackTheSame(UUID... roots) {
      assertThat(jdbi.loadVersions(written)).isEqualTo(reference.loadVersions(written));
      for (UUID root : roots) {
        assertThat(jdbi.loadGraphs(List.of(root))).isEqualTo(reference.loadGraphs(List.of(root)));
      }
    }

    long linkRows() throws SQLException {
      return count("SELECT COUNT(*) FROM lineage_link");
    }

    /** The one number {@code sql} selects, its parameters bound to {@code ids}. */
    long count(String sql, UUID... ids) throws SQLException {
      try (Connection connection = dataSource.getConnection();
          PreparedStatement statement = bound(connection, sql, ids);
          ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }

    void execute(String sql, UUID... ids) throws SQLException {
      try (Connection connection = dataSource.getConnection();
          PreparedStatement statement = bound(connection, sql, ids)) {
        assertThat(statement.executeUpdate()).as("rows changed by %s", sql).isPositive();
      }
    }

    /** The segment that holds the last positions of the old ids of version {@code owner}. */
    UUID oldIdsSegmentOf(UUID owner) throws SQLException {
      return id("SELECT target_id FROM lineage_link WHERE owner_id = ? AND pos = -1", owner);
    }

    /** The segment that holds the last positions of the list of version {@code owner}. */
    UUID segmentOf(UUID owner) throws SQLException {
      return id("SELECT target_id FROM lineage_link WHERE owner_id = ?"
          + " AND target_len IS NOT NULL AND pos >= 0", owner);
    }

    /** The ids of the one run of {@code segment}. */
    byte[] run(UUID segment) throws SQLException {
      try (Connection connection = dataSource.getConnection();
          PreparedStatement statement = bound(connection,
              "SELECT ids FROM lineage_id_run WHERE segment_id = ?", segment);
          ResultSet row = statement.executeQuery()) {
        assertThat(row.next()).as("a run of %s", segment).isTrue();
        return row.getBytes(1);
      }
    }

    /** Runs {@code sql}, its first parameter the bytes {@code first}, the others {@code ids}. */
    void execute(String sql, byte[] first, UUID... ids) throws SQLException {
      try (Connection connection = dataSource.getConnection();
          PreparedStatement statement = bound(connection, sql, 2, ids)) {
        statement.setBytes(1, first);
        assertThat(statement.executeUpdate()).as("rows changed by %s", sql).isPositive();
      }
    }

    /** The one id {@code sql} selects, its parameters bound to {@code ids}. */
    private UUID id(String sql, UUID... ids) throws SQLException {
      try (Connection connection = dataSource.getConnection();
          PreparedStatement statement = bound(connection, sql, ids);
          ResultSet row = statement.executeQuery()) {
        assertThat(row.next()).as("a row of %s", sql).isTrue();
        return Dialect.of(connection).getId(row, 1);
      }
    }

    private static PreparedStatement bound(Connection connection, String sql, UUID... ids)
        throws SQLException {
      return bound(connection, sql, 1, ids);
    }

    /** {@code sql} prepared, {@code ids} bound from parameter {@code from} on. */
    private static PreparedStatement bound(Connection connection, String sql, int from,
        UUID... ids) throws SQLException {
      PreparedStatement statement = connection.prepareStatement(sql);
      Dialect dialect = Dialect.of(connection);
      for (int i = 0; i < ids.length; i++) {
        dialect.setId(statement, from + i, ids[i]);
      }
      return statement;
    }
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  private static VersionRecord message(String text) {
    UUID id = UUID.randomUUID();
    return new VersionRecord(id, id, null, List.of(), now(), "jdbi-test.raw-message",
        Map.of("text", new Value.Text(text)));
  }

  private static Map<String, Value> threadFields(String name, List<VersionRecord> history) {
    Map<String, Value> fields = new LinkedHashMap<>();
    fields.put("name", new Value.Text(name));
    List<Value> refs = new ArrayList<>();
    for (VersionRecord message : history) {
      refs.add(new Value.Ref(message.ecsId()));
    }
    fields.put("history", new Value.Seq(refs));
    return fields;
  }

  private static VersionRecord firstThread(List<VersionRecord> history) {
    UUID id = UUID.randomUUID();
    return new VersionRecord(id, id, null, List.of(), now(), "jdbi-test.raw-thread",
        threadFields("thread", history));
  }

  private static VersionRecord nextThread(VersionRecord parent, String name,
      List<VersionRecord> history) {
    List<UUID> oldIds = new ArrayList<>(parent.oldIds());
    oldIds.add(parent.ecsId());
    return new VersionRecord(UUID.randomUUID(), parent.lineageId(), parent.ecsId(), oldIds, now(),
        parent.type(), threadFields(name, history));
  }

  /** Commits {@code thread} with the messages of {@code history} it does not share. */
  private static Commit commitOf(VersionRecord thread, List<VersionRecord> fresh,
      boolean branch) {
    List<VersionRecord> versions = new ArrayList<>(fresh);
    versions.add(thread);
    return new Commit(thread.ecsId(), versions, branch);
  }

  @ParameterizedTest(name = "{0}, list cache {1}")
  @MethodSource("targets")
  @DisplayName("a growing thread shares its history: each turn writes only its new items")
  void growingThread(TestDatabase database, boolean cache) throws SQLException {
    Twin twin = new Twin(database, cache);
    List<VersionRecord> history = new ArrayList<>();
    VersionRecord thread = firstThread(history);
    twin.commit(commitOf(thread, List.of(), false));
    List<Long> linkRowsPerTurn = new ArrayList<>();
    for (int turn = 0; turn < 30; turn++) {
      long before = twin.linkRows();
      thread = twin.turn(thread, history, turn);
      linkRowsPerTurn.add(twin.linkRows() - before);
    }
    twin.readsBackTheSame(thread.ecsId());
    // from the limit on (8 references, 8 old ids) a turn writes its two items, the history's
    // link, one old id and the old ids' link: five rows, at 20 messages as at 60
    int limit = JdbiStorageOptions.defaults().inlineListLimit();
    assertThat(linkRowsPerTurn.subList(limit + 1, linkRowsPerTurn.size())).containsOnly(5L);
  }

  @ParameterizedTest(name = "{0}, list cache {1}")
  @MethodSource("targets")
  @DisplayName("a position copies the new message it names; without copies a read is the same")
  void positionsCopyTheirNewMessages(TestDatabase database, boolean cache) throws SQLException {
    // given: a thread grown a turn at a time past the inline limit, each answer owning a usage
    Twin twin = new Twin(database, cache);
    List<VersionRecord> history = new ArrayList<>();
    VersionRecord thread = firstThread(history);
    twin.commit(commitOf(thread, List.of(), false));
    for (int turn = 0; turn < 20; turn++) {
      VersionRecord question = message("question " + turn);
      VersionRecord usage = message("usage " + turn);
      VersionRecord answer = owning("answer " + turn, usage);
      history.add(question);
      history.add(answer);
      thread = nextThread(thread, "thread", history);
      twin.commit(commitOf(thread, List.of(question, usage, answer), false));
    }
    // then: every position a turn appended carries its message's copy; the positions written
    // when the list left the thread's row name messages of earlier commits, and carry none
    int limit = JdbiStorageOptions.defaults().inlineListLimit();
    UUID segment = twin.segmentOf(thread.ecsId());
    assertThat(twin.count("SELECT COUNT(*) FROM lineage_link WHERE owner_id = ?"
        + " AND item_fields IS NOT NULL", segment)).isEqualTo(40 - limit + 2);
    assertThat(twin.count("SELECT COUNT(*) FROM lineage_link WHERE owner_id = ?"
        + " AND item_fields IS NOT NULL AND pos < " + (limit - 2), segment)).isZero();
    // and: the walk of a read (V6; H2 has no such walk) passes every position but those
    String unwalked = "SELECT COUNT(*) FROM lineage_link WHERE owner_id = ? AND walk = FALSE";
    boolean walkColumn = database != TestDatabase.H2;
    if (walkColumn) {
      assertThat(twin.count(unwalked, segment)).isEqualTo(40 - limit + 2);
    }
    twin.readsBackTheSame(thread.ecsId());
    assertThat(twin.count("SELECT COUNT(*) FROM lineage_link WHERE owner_id = ?"
        + " AND sub_fields IS NOT NULL", segment)).isEqualTo((40 - limit + 2) / 2);
    // when: the copies of the usages are gone, those of their messages kept
    twin.execute("UPDATE lineage_link SET sub_created_ms = NULL, sub_type_id = NULL,"
        + " sub_shape_id = NULL, sub_fields = NULL WHERE owner_id = ?", segment);
    // then: the walk takes the assistant messages, to reach their usages, and the usages are
    // read from their versions' rows, the same
    if (walkColumn) {
      assertThat(twin.count(unwalked, segment)).isEqualTo((40 - limit + 2) / 2);
    }
    twin.readsBackTheSame(thread.ecsId());
    // when: the copies are gone, as in rows written before positions had them
    twin.execute("UPDATE lineage_link SET item_created_ms = NULL, item_type_id = NULL,"
        + " item_shape_id = NULL, item_fields = NULL WHERE owner_id = ?", segment);
    // then: the items are read from their versions' rows, the same
    twin.readsBackTheSame(thread.ecsId());
    assertThat(twin.jdbi.verify().problems()).isEmpty();
  }

  @ParameterizedTest(name = "{0}, list cache {1}")
  @MethodSource("targets")
  @DisplayName("lists that are only read take their ids 64 to a row; without those rows, the same")
  void idRuns(TestDatabase database, boolean cache) throws SQLException {
    // given: a thread of 70 turns (70 old ids, 140 messages), and a branch from its 40th version
    // that grows past position 63 of its own old ids, on a segment based on the main line's
    Twin twin = new Twin(database, cache);
    List<VersionRecord> history = new ArrayList<>();
    VersionRecord thread = firstThread(history);
    twin.commit(commitOf(thread, List.of(), false));
    VersionRecord fork = null;
    List<VersionRecord> forkHistory = null;
    for (int turn = 0; turn < 70; turn++) {
      thread = twin.turn(thread, history, turn);
      if (turn == 40) {
        fork = thread;
        forkHistory = new ArrayList<>(history);
      }
    }
    VersionRecord branch = fork;
    for (int turn = 0; turn < 30; turn++) {
      VersionRecord question = message("branch question " + turn);
      forkHistory.add(question);
      branch = nextThread(branch, "branch", forkHistory);
      twin.commit(commitOf(branch, List.of(question), turn == 0));
    }
    // then: the main line's old ids have a run of positions 0 to 63 and read back the same,
    // as do the branch's, whose run holds positions its segment shares with the main line's
    // (H2 keeps no runs: its lists read position by position)
    UUID oldIds = twin.oldIdsSegmentOf(thread.ecsId());
    UUID branchOldIds = twin.oldIdsSegmentOf(branch.ecsId());
    assertThat(branchOldIds).isNotEqualTo(oldIds);
    int runs = database == TestDatabase.H2 ? 0 : 1;
    assertThat(twin.count("SELECT COUNT(*) FROM lineage_id_run WHERE segment_id = ?", oldIds))
        .isEqualTo(runs);
    assertThat(twin.count("SELECT COUNT(*) FROM lineage_id_run WHERE segment_id = ?",
        branchOldIds)).isEqualTo(runs);
    twin.readsBackTheSame(thread.ecsId(), branch.ecsId());
    if (runs == 0) {
      return;
    }
    // when: the main line's run holds the branch's ids, it is read, and the digest refuses it
    byte[] branchRun = twin.run(branchOldIds);
    twin.execute("UPDATE lineage_id_run SET ids = ? WHERE segment_id = ?", branchRun, oldIds);
    UUID mainLine = thread.ecsId();
    assertThatThrownBy(() -> twin.jdbi.loadVersions(List.of(mainLine)))
        .isInstanceOf(UnreadableDataException.class).hasMessageContaining("digest");
    // when: there are no runs, as for lists written before them
    twin.execute("DELETE FROM lineage_id_run WHERE segment_id IN (?, ?)", oldIds, branchOldIds);
    // then: the ids are read position by position, the same
    twin.readsBackTheSame(thread.ecsId(), branch.ecsId());
  }

  private static VersionRecord owning(String text, VersionRecord... owned) {
    UUID id = UUID.randomUUID();
    Map<String, Value> fields = new LinkedHashMap<>();
    fields.put("text", new Value.Text(text));
    for (int i = 0; i < owned.length; i++) {
      fields.put("owned" + i, new Value.Ref(owned[i].ecsId()));
    }
    return new VersionRecord(id, id, null, List.of(), now(), "jdbi-test.raw-message", fields);
  }

  @ParameterizedTest(name = "{0}, list cache {1}")
  @MethodSource("targets")
  @DisplayName("items that own versions read back whole, however much and whenever they own")
  void itemsThatOwnVersions(TestDatabase database, boolean cache) {
    // given: items owning one leaf of their commit (a message and its usage, read with the
    // list), two leaves, a version that owns more, a version of an earlier commit, themselves
    Twin twin = new Twin(database, cache);
    VersionRecord earlier = message("stored before");
    twin.commit(Commit.of(earlier.ecsId(), List.of(earlier)));
    List<VersionRecord> fresh = new ArrayList<>();
    List<VersionRecord> history = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      VersionRecord usage = message("usage " + i);
      VersionRecord answer = owning("answer " + i, usage);
      fresh.add(usage);
      fresh.add(answer);
      history.add(message("question " + i));
      history.add(answer);
    }
    fresh.addAll(history.stream().filter(m -> m.fields().size() == 1).toList());
    VersionRecord left = message("left");
    VersionRecord right = message("right");
    VersionRecord pair = owning("two leaves", left, right);
    VersionRecord deepest = message("deepest");
    VersionRecord middle = owning("middle", deepest);
    VersionRecord chain = owning("owns an owner", middle);
    VersionRecord old = owning("owns an earlier version", earlier);
    fresh.addAll(List.of(left, right, pair, deepest, middle, chain, old));
    history.addAll(List.of(pair, chain, old, history.get(1)));
    VersionRecord thread = firstThread(history);
    twin.commit(commitOf(thread, fresh, false));
    // when: a turn more, whose answer owns its usage again
    VersionRecord usage = message("usage 4");
    VersionRecord answer = owning("answer 4", usage);
    history.add(answer);
    VersionRecord next = nextThread(thread, "thread", history);
    twin.commit(commitOf(next, List.of(usage, answer), false));
    // then
    twin.readsBackTheSame(thread.ecsId(), next.ecsId());
    assertThat(twin.jdbi.loadGraphs(List.of(thread.ecsId(), next.ecsId())))
        .isEqualTo(twin.reference.loadGraphs(List.of(thread.ecsId(), next.ecsId())));
    assertThat(twin.jdbi.verify().problemsOf(next.ecsId())).isEmpty();
  }

  @ParameterizedTest(name = "{0}, list cache {1}")
  @MethodSource("targets")
  @DisplayName("a list that stays, shrinks, changes an old item or is reordered reads back exactly")
  void everyKindOfChange(TestDatabase database, boolean cache) {
    Twin twin = new Twin(database, cache);
    List<VersionRecord> history = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      history.add(message("m" + i));
    }
    VersionRecord thread = firstThread(history);
    twin.commit(commitOf(thread, history, false));
    // the name changes, the history stays
    thread = nextThread(thread, "renamed", history);
    twin.commit(commitOf(thread, List.of(), false));
    // an old message is replaced by a new version of it
    VersionRecord edited = message("m5 edited");
    history.set(5, edited);
    thread = nextThread(thread, "renamed", history);
    twin.commit(commitOf(thread, List.of(edited), false));
    // two items swap places
    VersionRecord third = history.get(3);
    history.set(3, history.get(15));
    history.set(15, third);
    thread = nextThread(thread, "renamed", history);
    twin.commit(commitOf(thread, List.of(), false));
    // the last three are dropped, then it grows again
    history.subList(17, 20).clear();
    thread = nextThread(thread, "renamed", history);
    twin.commit(commitOf(thread, List.of(), false));
    VersionRecord extra = message("extra");
    history.add(extra);
    thread = nextThread(thread, "renamed", history);
    twin.commit(commitOf(thread, List.of(extra), false));
    // shorter than the limit: kept inline; then long again
    List<VersionRecord> shortHistory = new ArrayList<>(history.subList(0, 3));
    thread = nextThread(thread, "short", shortHistory);
    twin.commit(commitOf(thread, List.of(), false));
    thread = nextThread(thread, "long", history);
    twin.commit(commitOf(thread, List.of(), false));
    twin.readsBackTheSame(thread.ecsId());
  }

  @ParameterizedTest(name = "{0}, list cache {1}")
  @MethodSource("targets")
  @DisplayName("branches from old versions get lists of their own; the main line is unchanged")
  void branchesFromOldVersions(TestDatabase database, boolean cache) {
    Twin twin = new Twin(database, cache);
    List<VersionRecord> history = new ArrayList<>();
    VersionRecord thread = firstThread(history);
    twin.commit(commitOf(thread, List.of(), false));
    List<VersionRecord> versions = new ArrayList<>();
    List<List<VersionRecord>> histories = new ArrayList<>();
    for (int turn = 0; turn < 15; turn++) {
      VersionRecord message = message("main " + turn);
      history.add(message);
      thread = nextThread(thread, "main", history);
      twin.commit(commitOf(thread, List.of(message), false));
      versions.add(thread);
      histories.add(new ArrayList<>(history));
    }
    // edit and regenerate from turn 10: the base already has a successor
    VersionRecord base = versions.get(10);
    List<VersionRecord> branchHistory = new ArrayList<>(histories.get(10));
    VersionRecord regenerated = message("regenerated");
    branchHistory.add(regenerated);
    VersionRecord branch = nextThread(base, "branch", branchHistory);
    VersionRecord stale = nextThread(base, "stale", branchHistory);
    assertThatThrownBy(() -> twin.jdbi.commit(commitOf(stale, List.of(regenerated), false)))
        .isInstanceOf(ConflictException.class);
    twin.commit(commitOf(branch, List.of(regenerated), true));
    // the branch grows like any thread
    for (int turn = 0; turn < 3; turn++) {
      VersionRecord message = message("branch " + turn);
      branchHistory.add(message);
      branch = nextThread(branch, "branch", branchHistory);
      twin.commit(commitOf(branch, List.of(message), false));
    }
    // and the main line too
    VersionRecord message = message("main again");
    history.add(message);
    thread = nextThread(thread, "main", history);
    twin.commit(commitOf(thread, List.of(message), false));
    twin.readsBackTheSame(thread.ecsId(), branch.ecsId(), base.ecsId());
  }

  @ParameterizedTest(name = "{0}, list cache {1}")
  @MethodSource("targets")
  @DisplayName("of two appends racing from one version exactly one wins; the loser leaves nothing")
  void racingAppends(TestDatabase database, boolean cache) throws Exception {
    Twin twin = new Twin(database, cache);
    List<VersionRecord> history = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      history.add(message("m" + i));
    }
    VersionRecord base = firstThread(history);
    twin.commit(commitOf(base, history, false));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 10; round++) {
        CyclicBarrier start = new CyclicBarrier(2);
        List<Commit> commits = new ArrayList<>();
        List<Future<Boolean>> outcomes = new ArrayList<>();
        for (int writer = 0; writer < 2; writer++) {
          VersionRecord message = message("round " + round + " writer " + writer);
          List<VersionRecord> mine = new ArrayList<>(history);
          mine.add(message);
          Commit commit = commitOf(nextThread(base, "writer " + writer, mine), List.of(message),
              false);
          commits.add(commit);
          outcomes.add(pool.submit(() -> {
            start.await();
            try {
              twin.jdbi.commit(commit);
              return true;
            } catch (ConflictException lost) {
              return false;
            }
          }));
        }
        List<Commit> won = new ArrayList<>();
        List<UUID> tried = new ArrayList<>();
        for (int writer = 0; writer < 2; writer++) {
          if (outcomes.get(writer).get()) {
            won.add(commits.get(writer));
          }
          commits.get(writer).versions().forEach(version -> tried.add(version.ecsId()));
        }
        assertThat(won).as("winners in round %d", round).hasSize(1);
        Commit winner = won.get(0);
        twin.commit(winner, twin.reference);
        assertThat(twin.jdbi.loadVersions(tried).keySet()).as("the loser leaves nothing")
            .containsExactlyInAnyOrderElementsOf(
                winner.versions().stream().map(VersionRecord::ecsId).toList());
        base = winner.root();
        history.add(newMessageOf(winner));
      }
    } finally {
      pool.shutdownNow();
    }
    twin.readsBackTheSame(base.ecsId());
  }

  /** The new message of a winning commit. */
  private static VersionRecord newMessageOf(Commit commit) {
    return commit.versions().stream().filter(v -> !v.ecsId().equals(commit.rootId()))
        .findFirst().orElseThrow();
  }

  @ParameterizedTest(name = "{0}, list cache {1}")
  @MethodSource("targets")
  @DisplayName("a shared sub-entity's list may grow in two owners: both get their own list")
  void sharedSubEntityListGrowsTwice(TestDatabase database, boolean cache) {
    Twin twin = new Twin(database, cache);
    List<VersionRecord> history = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      history.add(message("shared " + i));
    }
    VersionRecord shared = firstThread(history);
    twin.commit(commitOf(shared, history, false));
    List<UUID> owners = new ArrayList<>();
    for (int owner = 0; owner < 2; owner++) {
      VersionRecord message = message("owner " + owner);
      List<VersionRecord> grown = new ArrayList<>(history);
      grown.add(message);
      VersionRecord child = nextThread(shared, "in owner " + owner, grown);
      UUID ownerId = UUID.randomUUID();
      VersionRecord ownerVersion = new VersionRecord(ownerId, ownerId, null, List.of(), now(),
          "jdbi-test.raw-owner", Map.of("child", new Value.Ref(child.ecsId())));
      twin.commit(Commit.of(ownerId, List.of(message, child, ownerVersion)));
      owners.add(ownerId);
    }
    twin.readsBackTheSame(owners.toArray(UUID[]::new));
  }
}
