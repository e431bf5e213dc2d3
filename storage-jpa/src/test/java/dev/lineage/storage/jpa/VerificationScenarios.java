package dev.lineage.storage.jpa;

import static dev.lineage.storage.jpa.ThreadShapes.fields;
import static dev.lineage.storage.jpa.ThreadShapes.next;
import static dev.lineage.storage.jpa.ThreadShapes.nextWith;
import static dev.lineage.storage.jpa.ThreadShapes.ref;
import static dev.lineage.storage.jpa.ThreadShapes.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.storage.Commit;
import dev.lineage.storage.IntegrityReport;
import dev.lineage.storage.IntegrityReport.Kind;
import dev.lineage.storage.IntegrityReport.Problem;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import dev.lineage.testdb.TestDatabase;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code verify()} on rows damaged by hand, in a namespace of their own ({@code jpa_verify}):
 * every damaged row is a problem of the right kind naming its table and version, the rest of
 * the store is still checked, and nothing is reported about versions that are fine. Every test
 * works on fresh ids and looks only at the problems of its own versions, lists and rows; one
 * test has a namespace to itself and expects a clean report.
 */
abstract class VerificationScenarios {

  static final String NAMESPACE = "jpa_verify";

  JpaEntityStorage storage;
  Sql sql;

  abstract TestDatabase database();

  @BeforeEach
  void connect() {
    storage = JpaTargets.storage(database(), NAMESPACE);
    sql = new Sql(database(), JpaTargets.dataSource(database(), NAMESPACE));
  }

  @Test
  @DisplayName("versions of every shape, forked, branched and edited, verify clean")
  void cleanStoreIsClean() {
    String namespace = "jpa_verify_clean";
    JpaEntityStorage clean = JpaTargets.storage(database(), namespace);
    ThreadShapes.Thread thread = ThreadShapes.conversation(clean, 6);
    ThreadShapes.Thread main = ThreadShapes.appendTurn(clean, thread, "one");
    ThreadShapes.appendTurn(clean, main, "two");
    // a branch from the first version, and an edit in the middle of the history
    VersionRecord user = ThreadShapes.plainMessage("USER", "branch", null);
    List<Value> history = new ArrayList<>(thread.history());
    history.add(ref(user));
    VersionRecord branch = nextWith(thread.version(), "history", new Value.Seq(history));
    clean.commit(new Commit(branch.ecsId(), List.of(user, branch), true));
    VersionRecord edited = ThreadShapes.plainMessage("USER", "edited", null);
    history.set(2, ref(edited));
    VersionRecord edit = nextWith(branch, "history", new Value.Seq(history));
    clean.commit(Commit.of(edit.ecsId(), List.of(edited, edit)));
    // a generic graph: a record of a type without a table, referencing a typed version
    VersionRecord prompt = ThreadShapes.systemPrompt();
    VersionRecord note = ThreadShapes.first("VerifyNote", fields("prompt", ref(prompt),
        "text", text("a note")));
    clean.commit(Commit.of(note.ecsId(), List.of(prompt, note)));
    VersionRecord noteAgain = next(note, note.fields());
    clean.commit(Commit.of(noteAgain.ecsId(), List.of(noteAgain)));

    IntegrityReport report = clean.verify();

    assertThat(report.problems()).isEmpty();
    assertThat(report.versionsChecked()).isGreaterThanOrEqualTo(thread.committed().size() + 13);
  }

  @Test
  @DisplayName("rows that cannot be read are UNREADABLE, naming table and ecs_id; the rest is"
      + " checked")
  void unreadableRows() {
    ThreadShapes.Thread thread = ThreadShapes.conversation(storage, 4);
    UUID badEnum = ((Value.Ref) thread.history().get(0)).ecsId();
    UUID badJson = ((Value.Ref) thread.history().get(2)).ecsId();
    sql.update("update chat_message set role = 'FURIOUS' where ecs_id = ?", badEnum);
    sql.update("update chat_message set tool_call = " + jsonLiteral("{\"$uuid\": \"nope\"}")
        + " where ecs_id = ?", badJson);

    IntegrityReport report = storage.verify();

    assertThat(report.problemsOf(badEnum)).singleElement().satisfies(problem -> {
      assertThat(problem.kind()).isEqualTo(Kind.UNREADABLE);
      assertThat(problem.detail()).contains("chat_message", badEnum.toString(), "FURIOUS");
    });
    assertThat(report.problemsOf(badJson)).singleElement().satisfies(problem -> {
      assertThat(problem.kind()).isEqualTo(Kind.UNREADABLE);
      assertThat(problem.detail()).contains("chat_message", badJson.toString(), "tool_call");
    });
    // the thread reads, and its references to stored but unreadable messages are not "missing"
    for (VersionRecord version : thread.committed()) {
      if (!version.ecsId().equals(badEnum) && !version.ecsId().equals(badJson)) {
        assertThat(report.problemsOf(version.ecsId())).as(version.type()).isEmpty();
      }
    }
    assertThat(report.versionsChecked()).isGreaterThanOrEqualTo(thread.committed().size());
  }

  @Test
  @DisplayName("a catalog row without its row, and a row without its catalog row")
  void catalogAndRowsApart() {
    VersionRecord noRow = ThreadShapes.systemPrompt();
    VersionRecord noCatalog = ThreadShapes.systemPrompt();
    VersionRecord elsewhere = ThreadShapes.systemPrompt();
    commitAlone(noRow);
    commitAlone(noCatalog);
    commitAlone(elsewhere);
    sql.update("delete from system_prompt where ecs_id = ?", noRow.ecsId());
    sql.update("delete from version_catalog where ecs_id = ?", noCatalog.ecsId());
    sql.update("update version_catalog set stored_in = 'llm_config' where ecs_id = ?",
        elsewhere.ecsId());

    IntegrityReport report = storage.verify();

    assertThat(report.problemsOf(noRow.ecsId())).singleElement().satisfies(problem -> {
      assertThat(problem.kind()).isEqualTo(Kind.UNREADABLE);
      assertThat(problem.detail()).contains("catalogued in system_prompt",
          noRow.ecsId().toString());
    });
    assertThat(report.problemsOf(noCatalog.ecsId())).singleElement().satisfies(problem -> {
      assertThat(problem.kind()).isEqualTo(Kind.INCOMPLETE_COMMIT);
      assertThat(problem.detail()).contains("system_prompt row " + noCatalog.ecsId(),
          "no version_catalog row");
    });
    assertThat(report.problemsOf(elsewhere.ecsId()))
        .extracting(Problem::kind)
        .containsExactlyInAnyOrder(Kind.UNREADABLE, Kind.INCOMPLETE_COMMIT);
    assertThat(report.problemsOf(elsewhere.ecsId()))
        .anySatisfy(problem -> assertThat(problem.detail())
            .contains("catalogued in llm_config", "no row " + elsewhere.ecsId()))
        .anySatisfy(problem -> assertThat(problem.detail())
            .contains("system_prompt row " + elsewhere.ecsId(),
                "catalogued in llm_config, not in system_prompt"));
  }

  @Test
  @DisplayName("a catalog row that disagrees with its row is reported with both values")
  void catalogDisagrees() {
    VersionRecord prompt = ThreadShapes.systemPrompt();
    commitAlone(prompt);
    UUID otherLineage = UUID.randomUUID();
    sql.update("update version_catalog set lineage_id = ? where ecs_id = ?", otherLineage,
        prompt.ecsId());

    IntegrityReport report = storage.verify();

    assertThat(report.problemsOf(prompt.ecsId())).singleElement().satisfies(problem -> {
      assertThat(problem.kind()).isEqualTo(Kind.UNREADABLE);
      assertThat(problem.detail()).contains("version_catalog row " + prompt.ecsId(),
          "system_prompt", "lineage " + otherLineage, "the row has " + prompt.lineageId());
    });
  }

  @Test
  @DisplayName("a list whose stored digest does not match its items is reported")
  void digestMismatch() {
    ThreadShapes.Thread thread = ThreadShapes.appendTurn(storage,
        ThreadShapes.conversation(storage, 4), "digest");
    byte[] wrong = new byte[32];
    sql.update("update chat_thread set history_digest = ?, old_ids_digest = ? where ecs_id = ?",
        wrong, wrong, thread.id());

    IntegrityReport report = storage.verify();

    assertThat(report.problemsOf(thread.id())).hasSize(2).allSatisfy(problem -> {
      assertThat(problem.kind()).isEqualTo(Kind.UNREADABLE);
      assertThat(problem.detail()).contains("chat_thread row " + thread.id(), "stored digest");
    });
    assertThat(report.problemsOf(thread.id())).extracting(Problem::detail)
        .anySatisfy(detail -> assertThat(detail).contains("'history'", "6 items"))
        .anySatisfy(detail -> assertThat(detail).contains("'old_ids'", "1 items"));
  }

  @Test
  @DisplayName("generic references that differ from the body, and links of missing versions")
  void genericReferencesAndLeftOverLinks() {
    VersionRecord prompt = ThreadShapes.systemPrompt();
    VersionRecord note = ThreadShapes.first("VerifyNote", fields("prompt", ref(prompt)));
    storage.commit(Commit.of(note.ecsId(), List.of(prompt, note)));
    sql.update("delete from generic_ref where from_id = ?", note.ecsId());
    UUID goneThread = UUID.randomUUID();
    UUID goneGeneric = UUID.randomUUID();
    sql.update("insert into chat_thread_tools (chat_thread_id, position, tool_id,"
        + " root_lineage_id) values (?, 0, ?, ?)", goneThread, prompt.ecsId(), goneThread);
    sql.update("insert into generic_ref (from_id, to_id, root_lineage_id) values (?, ?, ?)",
        goneGeneric, prompt.ecsId(), goneGeneric);

    IntegrityReport report = storage.verify();

    assertThat(report.problemsOf(note.ecsId())).singleElement().satisfies(problem -> {
      assertThat(problem.kind()).isEqualTo(Kind.UNREADABLE);
      assertThat(problem.detail()).contains("generic_entity row " + note.ecsId(), "generic_ref",
          prompt.ecsId().toString());
    });
    assertThat(leftovers(report, goneThread.toString())).singleElement()
        .satisfies(detail -> assertThat(detail).contains("chat_thread_tools"));
    assertThat(leftovers(report, goneGeneric.toString())).singleElement()
        .satisfies(detail -> assertThat(detail).contains("generic_ref"));
  }

  @Test
  @DisplayName("successor rows naming a version that is not stored, or not the successor")
  void successorRows() {
    VersionRecord base = ThreadShapes.systemPrompt();
    VersionRecord notItsChild = ThreadShapes.systemPrompt();
    VersionRecord otherBase = ThreadShapes.systemPrompt();
    commitAlone(base);
    commitAlone(notItsChild);
    commitAlone(otherBase);
    UUID nowhere = UUID.randomUUID();
    sql.update("insert into version_successor (base_id, successor_id, root_lineage_id)"
        + " values (?, ?, ?)", base.ecsId(), nowhere, base.lineageId());
    sql.update("insert into version_successor (base_id, successor_id, root_lineage_id)"
        + " values (?, ?, ?)", otherBase.ecsId(), notItsChild.ecsId(), otherBase.lineageId());

    IntegrityReport report = storage.verify();

    assertThat(report.problemsOf(base.ecsId())).singleElement().satisfies(problem -> {
      assertThat(problem.kind()).isEqualTo(Kind.MISSING_REFERENCE);
      assertThat(problem.detail()).contains("version_successor", nowhere.toString(),
          "not stored");
    });
    assertThat(report.problemsOf(notItsChild.ecsId())).singleElement().satisfies(problem -> {
      assertThat(problem.kind()).isEqualTo(Kind.BROKEN_HISTORY);
      assertThat(problem.detail()).contains("version_successor",
          notItsChild.ecsId() + " follows " + otherBase.ecsId());
    });
  }

  @Test
  @DisplayName("list segments and items that no version's list reaches")
  void unreachableSegmentsAndItems() {
    ThreadShapes.Thread thread = ThreadShapes.conversation(storage, 4);
    UUID stray = UUID.randomUUID();
    UUID lineage = UUID.randomUUID();
    sql.update("insert into id_list_segment (segment_id, parent_segment_id, parent_slot,"
        + " first_position, root_lineage_id) values (?, null, null, 0, ?)", stray, lineage);
    for (int slot = 0; slot < 2; slot++) {
      sql.update("insert into id_list_item (segment_id, slot, item_id, root_lineage_id)"
          + " values (?, ?, ?, ?)", stray, slot, UUID.randomUUID(), lineage);
    }
    UUID historySegment = uuidOf(sql.column(
        "select history_segment from chat_thread where ecs_id = ?", thread.id()).get(0));
    sql.update("insert into id_list_item (segment_id, slot, item_id, root_lineage_id)"
        + " values (?, 4, ?, ?)", historySegment, UUID.randomUUID(), lineage);

    IntegrityReport report = storage.verify();

    assertThat(leftovers(report, stray.toString())).singleElement()
        .satisfies(detail -> assertThat(detail).contains("2 items", "no version's list"));
    assertThat(leftovers(report, historySegment.toString())).singleElement()
        .satisfies(detail -> assertThat(detail).contains("slots 4 to 4", "beyond the slot 3"));
    assertThat(report.problemsOf(thread.id())).isEmpty();
  }

  @Test
  @DisplayName("the shared checks: missing reference and parent, lineage, old ids that do not"
      + " chain")
  void sharedChecks() {
    VersionRecord prompt = ThreadShapes.systemPrompt();
    commitAlone(prompt);
    UUID nowhere = UUID.randomUUID();
    VersionRecord dangling = ThreadShapes.first("VerifyNote", fields("prompt",
        new Value.Ref(nowhere)));
    commitAlone(dangling);
    UUID lostParent = UUID.randomUUID();
    VersionRecord orphan = new VersionRecord(UUID.randomUUID(), UUID.randomUUID(), lostParent,
        List.of(lostParent), ThreadShapes.now(), "SystemPrompt", prompt.fields());
    VersionRecord stranger = new VersionRecord(UUID.randomUUID(), UUID.randomUUID(),
        prompt.ecsId(), List.of(prompt.ecsId()), ThreadShapes.now(), "SystemPrompt",
        prompt.fields());
    UUID invented = UUID.randomUUID();
    VersionRecord unchained = new VersionRecord(UUID.randomUUID(), prompt.lineageId(),
        prompt.ecsId(), List.of(invented, prompt.ecsId()), ThreadShapes.now(), "SystemPrompt",
        prompt.fields());
    for (VersionRecord version : List.of(orphan, stranger, unchained)) {
      storage.commit(new Commit(version.ecsId(), List.of(version), true));
    }

    IntegrityReport report = storage.verify();

    assertThat(report.problemsOf(dangling.ecsId())).singleElement().satisfies(problem -> {
      assertThat(problem.kind()).isEqualTo(Kind.MISSING_REFERENCE);
      assertThat(problem.detail()).contains(nowhere.toString());
    });
    assertThat(report.problemsOf(orphan.ecsId())).singleElement().satisfies(problem -> {
      assertThat(problem.kind()).isEqualTo(Kind.MISSING_PARENT);
      assertThat(problem.detail()).contains(lostParent.toString());
    });
    assertThat(report.problemsOf(stranger.ecsId())).singleElement().satisfies(problem -> {
      assertThat(problem.kind()).isEqualTo(Kind.LINEAGE_MISMATCH);
      assertThat(problem.detail()).contains(prompt.lineageId().toString());
    });
    assertThat(report.problemsOf(unchained.ecsId())).singleElement().satisfies(problem -> {
      assertThat(problem.kind()).isEqualTo(Kind.BROKEN_HISTORY);
      assertThat(problem.detail()).contains("2 old ids", prompt.ecsId().toString());
    });
    assertThat(report.problemsOf(prompt.ecsId())).isEmpty();
  }

  private void commitAlone(VersionRecord version) {
    storage.commit(Commit.of(version.ecsId(), List.of(version)));
  }

  /** The details of the leftovers (problems that concern no version) that name {@code what}. */
  private static List<String> leftovers(IntegrityReport report, String what) {
    List<Problem> found = report.problems().stream()
        .filter(problem -> problem.ecsId() == null && problem.detail().contains(what))
        .toList();
    assertThat(found).extracting(Problem::kind).containsOnly(Kind.INCOMPLETE_COMMIT);
    return found.stream().map(Problem::detail).toList();
  }

  private String jsonLiteral(String json) {
    return switch (database()) {
      case POSTGRESQL -> "cast('" + json + "' as jsonb)";
      case H2 -> "'" + json + "' format json";
      default -> "'" + json + "'";
    };
  }

  private static UUID uuidOf(Object column) {
    if (column instanceof UUID id) {
      return id;
    }
    if (column instanceof byte[] bytes) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      return new UUID(buffer.getLong(), buffer.getLong());
    }
    return UUID.fromString(column.toString());
  }
}
