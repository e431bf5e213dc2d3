package dev.lineage.storage.jpa;

import static dev.lineage.storage.jpa.ThreadShapes.fields;
import static dev.lineage.storage.jpa.ThreadShapes.integer;
import static dev.lineage.storage.jpa.ThreadShapes.next;
import static dev.lineage.storage.jpa.ThreadShapes.nextWith;
import static dev.lineage.storage.jpa.ThreadShapes.ref;
import static dev.lineage.storage.jpa.ThreadShapes.refs;
import static dev.lineage.storage.jpa.ThreadShapes.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.storage.Commit;
import dev.lineage.storage.ConflictException;
import dev.lineage.storage.Cursor;
import dev.lineage.storage.InvalidInputException;
import dev.lineage.storage.PageRequest;
import dev.lineage.storage.UnreadableDataException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import dev.lineage.testdb.TestDatabase;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The relational scenarios of reference 5.10 that concern the schema and its rows (S-TAB, S-HIST
 * at the row level, S-CONV), the adapter's own promises (D-40 bounded appends, D-41 statements
 * that do not grow with the graph, records that fit no table), and damaged rows. One subclass per
 * database; every test works on fresh ids in the namespace {@code jpa_tests}.
 */
abstract class RelationalScenarios {

  static final String NAMESPACE = "jpa_tests";

  JpaEntityStorage storage;
  Sql sql;

  /** The database the subclass tests on. */
  abstract TestDatabase database();

  @BeforeEach
  void connect() {
    storage = JpaTargets.storage(database(), NAMESPACE);
    sql = new Sql(database(), JpaTargets.dataSource(database(), NAMESPACE));
  }

  VersionRecord stored(UUID id) {
    return storage.loadVersions(List.of(id)).get(id);
  }

  void commitAlone(VersionRecord version) {
    storage.commit(Commit.of(version.ecsId(), List.of(version)));
  }

  long rowsWithId(String table, UUID id) {
    return sql.count("select count(*) from " + sql.table(table) + " where ecs_id = ?", id);
  }

  List<UUID> ids(Value history) {
    List<UUID> ids = new ArrayList<>();
    ((Value.Seq) history).items().forEach(item -> ids.add(((Value.Ref) item).ecsId()));
    return ids;
  }

  @Nested
  @DisplayName("S-TAB: the schema")
  class Schema {

    /** S-TAB-1 with this adapter's table names, and Flyway's history table of its own. */
    @Test
    @DisplayName("S-TAB-1 every table exists, with the schema history of its migrations")
    void tablesExist() throws SQLException {
      Set<String> tables = tableNames();
      assertThat(tables).containsAll(Sql.TABLES).contains("lineage_jpa_schema_history");
      assertThat(sql.column("select " + quote("version") + " from " + history()
          + " where " + quote("success") + " = "
          + (database() == TestDatabase.MARIADB ? "1" : "true")
          + " and " + quote("version") + " is not null"))
          .map(String::valueOf).contains("1");
    }

    /** S-TAB-2: a column per field; the versioning columns on every version table. */
    @Test
    @DisplayName("S-TAB-2 a column per field, and the versioning columns on every version table")
    void columnsExist() throws SQLException {
      Set<String> versioning = Set.of("ecs_id", "lineage_id", "parent_id", "created_at",
          "root_lineage_id", "old_ids_segment", "old_ids_slot", "old_ids_length",
          "old_ids_digest");
      for (String table : List.of("chat_thread", "chat_message", "system_prompt", "llm_config",
          "usage", "generated_json_object", "raw_output", "processed_output", "request_limits",
          "tool", "generic_entity")) {
        assertThat(columns(table)).as(table).containsAll(versioning);
      }
      assertThat(columns("chat_thread")).contains("name", "system_prompt_id", "new_message",
          "prefill", "postfill", "use_schema_instruction", "use_history", "forced_output_id",
          "llm_config_id", "workflow_step", "history_segment", "history_slot", "history_length",
          "history_digest", "tools_count");
      assertThat(columns("chat_message")).contains("timestamp", "role", "content",
          "author_uuid", "chat_thread_id", "parent_message_uuid", "tool_name", "tool_uuid",
          "tool_type", "oai_tool_call_id", "tool_json_schema", "tool_call", "usage_id");
      assertThat(columns("tool")).contains("tool_type", "name");
      assertThat(columns("callable_tool")).contains("ecs_id", "docstring", "input_schema",
          "output_schema", "strict_schema", "callable_text");
      assertThat(columns("structured_tool")).contains("ecs_id", "description",
          "instruction_string", "json_schema", "strict_schema", "post_validate_schema");
      assertThat(columns("raw_output")).contains("start_time", "end_time", "client");
      assertThat(columns("chat_thread_tools")).contains("chat_thread_id", "position", "tool_id");
      assertThat(columns("id_list_item")).contains("segment_id", "slot", "item_id");
      assertThat(columns("generic_entity")).contains("type_name", "body", "field_names");
    }

    /** S-TAB-3: joined inheritance, with the reference's discriminator values. */
    @Test
    @DisplayName("S-TAB-3 tools share the tool table and say their kind in tool_type")
    void toolRows() {
      VersionRecord callable = ThreadShapes.callableTool();
      VersionRecord structured = ThreadShapes.structuredTool();
      storage.commit(Commit.of(structured.ecsId(), List.of(callable, structured)));
      assertThat(sql.column("select tool_type from tool where ecs_id = ?", callable.ecsId()))
          .containsExactly("callable_tool");
      assertThat(sql.column("select tool_type from tool where ecs_id = ?", structured.ecsId()))
          .containsExactly("structured_tool");
      assertThat(rowsWithId("callable_tool", callable.ecsId())).isOne();
      assertThat(rowsWithId("structured_tool", structured.ecsId())).isOne();
      assertThat(sql.column("select name from tool where ecs_id = ?", structured.ecsId()))
          .containsExactly("answer");
    }

    /** Flyway applies each migration once. */
    @Test
    @DisplayName("migrating again changes nothing and still validates the mapping")
    void migrateIsRepeatable() {
      long applied = sql.count("select count(*) from " + history());
      storage.migrate();
      assertThat(sql.count("select count(*) from " + history())).isEqualTo(applied);
    }

    /** Flyway's history table: H2 gets it with a quoted, lower case name. */
    private String history() {
      return database() == TestDatabase.H2 ? quote("lineage_jpa_schema_history")
          : "lineage_jpa_schema_history";
    }

    private String quote(String column) {
      return database() == TestDatabase.MARIADB ? "`" + column + "`" : "\"" + column + "\"";
    }

    private Set<String> tableNames() throws SQLException {
      Set<String> names = new TreeSet<>();
      try (Connection connection = dataSource().getConnection();
          ResultSet tables = connection.getMetaData().getTables(connection.getCatalog(),
              connection.getSchema(), "%", new String[] {"TABLE"})) {
        while (tables.next()) {
          names.add(tables.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
        }
      }
      return names;
    }

    private Set<String> columns(String table) throws SQLException {
      Set<String> names = new TreeSet<>();
      try (Connection connection = dataSource().getConnection()) {
        DatabaseMetaData meta = connection.getMetaData();
        for (String spelling : List.of(table, table.toUpperCase(Locale.ROOT))) {
          try (ResultSet columns = meta.getColumns(connection.getCatalog(),
              connection.getSchema(), spelling, "%")) {
            while (columns.next()) {
              names.add(columns.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
          }
        }
      }
      return names;
    }

    private DataSource dataSource() {
      return JpaTargets.dataSource(database(), NAMESPACE);
    }
  }

  @Nested
  @DisplayName("S-CONV: records to rows and back")
  class Conversion {

    static Stream<Arguments> threadTypes() {
      VersionRecord usage = ThreadShapes.usage();
      VersionRecord raw = ThreadShapes.rawOutput();
      VersionRecord object = ThreadShapes.generatedJsonObject();
      VersionRecord prompt = ThreadShapes.systemPrompt();
      VersionRecord config = ThreadShapes.llmConfig();
      VersionRecord callable = ThreadShapes.callableTool();
      VersionRecord structured = ThreadShapes.structuredTool();
      VersionRecord message = ThreadShapes.message("TOOL", "7 + 5 = 12", usage);
      return Stream.of(
          Arguments.of("system_prompt", List.of(prompt)),
          Arguments.of("llm_config", List.of(config)),
          Arguments.of("usage", List.of(usage)),
          Arguments.of("generated_json_object", List.of(object)),
          Arguments.of("callable_tool", List.of(callable)),
          Arguments.of("structured_tool", List.of(structured)),
          Arguments.of("chat_message", List.of(usage, message)),
          Arguments.of("raw_output", List.of(raw)),
          Arguments.of("processed_output",
              List.of(raw, object, usage, ThreadShapes.processedOutput(raw, object, usage))),
          Arguments.of("request_limits", List.of(ThreadShapes.requestLimits())),
          Arguments.of("chat_thread", List.of(prompt, config, callable, structured, usage, message,
              ThreadShapes.thread(prompt, config, List.of(message), structured,
                  List.of(callable, structured, callable)))));
    }

    /**
     * S-CONV-1: ids, lineage, parent, old ids, creation time and every field, with every field
     * set to something other than its default, come back exactly; the record lives in its table.
     */
    @ParameterizedTest(name = "S-CONV-1 a {0} record becomes a {0} row and comes back exactly")
    @MethodSource("threadTypes")
    void recordRoundTrips(String table, List<VersionRecord> versions) {
      VersionRecord first = versions.get(versions.size() - 1);
      VersionRecord forked = next(first, first.fields());
      List<VersionRecord> committed = new ArrayList<>(versions);
      storage.commit(Commit.of(first.ecsId(), committed));
      storage.commit(Commit.of(forked.ecsId(), List.of(forked)));
      assertThat(rowsWithId(table, forked.ecsId())).isOne();
      assertThat(rowsWithId("generic_entity", forked.ecsId())).isZero();
      assertThat(stored(forked.ecsId())).isEqualTo(forked);
      assertThat(stored(forked.ecsId()).fields().keySet())
          .containsExactlyElementsOf(forked.fields().keySet());
      Map<UUID, VersionRecord> graph = storage.loadGraphs(List.of(forked.ecsId()));
      for (VersionRecord version : versions.subList(0, versions.size() - 1)) {
        if (forked.references().contains(version.ecsId())) {
          assertThat(graph.get(version.ecsId())).isEqualTo(version);
        }
      }
    }

    /** The typed columns hold the values themselves, readable with plain SQL. */
    @Test
    @DisplayName("S-CONV-2 typed columns hold the values: enums as their names, times in UTC")
    void columnsHoldTheValues() {
      VersionRecord usage = ThreadShapes.usage();
      VersionRecord message = ThreadShapes.message("ASSISTANT", "hello", usage);
      storage.commit(Commit.of(message.ecsId(), List.of(usage, message)));
      assertThat(sql.column("select role from chat_message where ecs_id = ?", message.ecsId()))
          .containsExactly("ASSISTANT");
      assertThat(sql.column("select content from chat_message where ecs_id = ?",
          message.ecsId())).containsExactly("hello");
      assertThat(sql.count("select prompt_tokens from " + sql.table("usage")
          + " where ecs_id = ?", usage.ecsId())).isEqualTo(10);
      Instant timestamp = ((Value.Time) message.fields().get("timestamp")).value();
      assertThat(sql.count("select count(*) from chat_message where ecs_id = ? and timestamp = ?",
          message.ecsId(), java.sql.Timestamp.from(timestamp))).isOne();
    }
  }

  @Nested
  @DisplayName("Records that fit no table are stored whole in the generic table")
  class Misfits {

    static Stream<Arguments> misfits() {
      VersionRecord prompt = ThreadShapes.systemPrompt();
      VersionRecord message = ThreadShapes.message("USER", "hi", null);
      VersionRecord config = ThreadShapes.llmConfig();
      VersionRecord raw = ThreadShapes.rawOutput();
      Map<String, Value> reordered = new LinkedHashMap<>();
      reordered.put("content", prompt.fields().get("content"));
      reordered.put("name", prompt.fields().get("name"));
      return Stream.of(
          Arguments.of("a field the table does not know",
              with(prompt, "language", text("en"))),
          Arguments.of("a field missing", ThreadShapes.first("SystemPrompt",
              fields("name", text("only a name")))),
          Arguments.of("its fields in another order",
              ThreadShapes.first("SystemPrompt", reordered)),
          Arguments.of("a value of another kind", with(config, "maxTokens", text("many"))),
          Arguments.of("a number beyond its column", with(config, "maxTokens",
              integer(1L << 40))),
          Arguments.of("an enum text that is no constant", with(message, "role", text("ROBOT"))),
          Arguments.of("text with U+0000", with(message, "content", text("nul \u0000 here"))),
          Arguments.of("an unpaired surrogate", with(message, "content", text("half \uD83D"))),
          Arguments.of("negative zero", with(config, "temperature", new Value.Real(-0.0))),
          Arguments.of("NaN", with(raw, "startTime", new Value.Real(Double.NaN))),
          Arguments.of("a time before year 1000", with(message, "timestamp",
              new Value.Time(Instant.parse("0999-12-31T23:59:59.999Z")))),
          Arguments.of("null where the column is NOT NULL", with(prompt, "content", Value.NULL)),
          Arguments.of("a list where a map belongs", with(raw, "rawResult",
              new Value.Seq(List.of(integer(1))))),
          Arguments.of("a history holding a non-reference", ThreadShapes.first("ChatThread",
              threadFieldsWith("history", new Value.Seq(List.of(text("not a message")))))));
    }

    private static VersionRecord with(VersionRecord record, String field, Value value) {
      Map<String, Value> fields = new LinkedHashMap<>(record.fields());
      fields.put(field, value);
      return ThreadShapes.first(record.type(), fields);
    }

    private static Map<String, Value> threadFieldsWith(String field, Value value) {
      VersionRecord config = ThreadShapes.llmConfig();
      Map<String, Value> fields = new LinkedHashMap<>(
          ThreadShapes.thread(null, config, List.of(), null, List.of()).fields());
      fields.put(field, value);
      return fields;
    }

    /** No silent field loss: a record its table cannot hold exactly goes generic, whole. */
    @ParameterizedTest(name = "a record with {0} is kept whole in generic_entity")
    @MethodSource("misfits")
    void misfitIsKeptWhole(String what, VersionRecord record) {
      commitAlone(record);
      assertThat(rowsWithId("generic_entity", record.ecsId())).isOne();
      VersionRecord read = stored(record.ecsId());
      assertThat(read).isEqualTo(record);
      assertThat(read.fields().keySet()).containsExactlyElementsOf(record.fields().keySet());
      Cursor justBefore = new Cursor(record.createdAt().minusMillis(1),
          new UUID(-1L, -1L));
      assertThat(storage.listByType(Set.of(record.type()), PageRequest.after(justBefore, 100))
          .items()).extracting(VersionRecord::ecsId).contains(record.ecsId());
    }

    /** A misfit's successor that fits goes to the typed table; the lineage reads across both. */
    @Test
    @DisplayName("a lineage may move between the generic and the typed table")
    void lineageAcrossTables() {
      VersionRecord misfit = with(ThreadShapes.systemPrompt(), "language", text("en"));
      commitAlone(misfit);
      Map<String, Value> fitting = new LinkedHashMap<>(misfit.fields());
      fitting.remove("language");
      VersionRecord fits = next(misfit, fitting);
      commitAlone(fits);
      assertThat(rowsWithId("system_prompt", fits.ecsId())).isOne();
      // creation order: both may share a millisecond, then the ids decide
      assertThat(storage.listLineage(misfit.lineageId(), PageRequest.first(10)).items())
          .containsExactlyElementsOf(
              Stream.of(misfit, fits).sorted(VersionRecord.CREATION_ORDER).toList());
      VersionRecord conflicting = next(misfit, fitting);
      assertThatThrownBy(() -> commitAlone(conflicting))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining(misfit.ecsId().toString());
    }
  }

  @Nested
  @DisplayName("S-HIST: the history at the row level")
  class History {

    /** S-HIST-1: a thread version's history is its list, in order, in the id list rows. */
    @Test
    @DisplayName("S-HIST-1 a thread with [u, a] has two history items for its version, in order")
    void historyRows() {
      VersionRecord config = ThreadShapes.llmConfig();
      VersionRecord user = ThreadShapes.plainMessage("USER", "u", null);
      VersionRecord answer = ThreadShapes.plainMessage("ASSISTANT", "a", null);
      VersionRecord thread = ThreadShapes.thread(null, config, List.of(user, answer), null,
          List.of());
      storage.commit(Commit.of(thread.ecsId(), List.of(config, user, answer, thread)));
      assertThat(historyItems(thread.ecsId())).containsExactly(user.ecsId(), answer.ecsId());
      assertThat(ids(stored(thread.ecsId()).fields().get("history")))
          .containsExactly(user.ecsId(), answer.ecsId());
    }

    /**
     * S-HIST-2: appending forks the thread; the new version has 3 history items (one new row),
     * the old version still has 2.
     */
    @Test
    @DisplayName("S-HIST-2 appending a third message writes one history row; both versions load")
    void appendWritesOneRow() {
      ThreadShapes.Thread thread = twoMessageThread();
      long items = sql.count("select count(*) from id_list_item where root_lineage_id = ?",
          thread.version().lineageId());
      VersionRecord third = ThreadShapes.plainMessage("USER", "third", null);
      List<Value> history = new ArrayList<>(thread.history());
      history.add(ref(third));
      VersionRecord forked = nextWith(thread.version(), "history", new Value.Seq(history));
      storage.commit(Commit.of(forked.ecsId(), List.of(third, forked)));
      // one history item, and one old-id item (the fork's parent)
      assertThat(sql.count("select count(*) from id_list_item where root_lineage_id = ?",
          thread.version().lineageId())).isEqualTo(items + 2);
      assertThat(historyItems(forked.ecsId())).hasSize(3).endsWith(third.ecsId());
      assertThat(ids(stored(forked.ecsId()).fields().get("history"))).hasSize(3);
      assertThat(ids(stored(thread.id()).fields().get("history"))).hasSize(2);
    }

    /**
     * S-HIST-3: v1[m1] -> v2[m1,m2] -> v3[m1,m2,m3], renamed at each step: each version loads
     * exactly its own messages, in order, from three history rows in all (the reference kept six).
     */
    @Test
    @DisplayName("S-HIST-3 three versions load their own messages from three shared rows")
    void versionsShareRows() {
      VersionRecord config = ThreadShapes.llmConfig();
      List<VersionRecord> messages = List.of(ThreadShapes.plainMessage("USER", "m1", null),
          ThreadShapes.plainMessage("ASSISTANT", "m2", null),
          ThreadShapes.plainMessage("USER", "m3", null));
      VersionRecord v1 = ThreadShapes.thread(null, config, messages.subList(0, 1), null,
          List.of());
      storage.commit(Commit.of(v1.ecsId(), List.of(config, messages.get(0), v1)));
      List<VersionRecord> versions = new ArrayList<>(List.of(v1));
      for (int i = 2; i <= 3; i++) {
        VersionRecord previous = versions.get(versions.size() - 1);
        Map<String, Value> fields = new LinkedHashMap<>(previous.fields());
        fields.put("name", text("v" + i));
        fields.put("history", refs(messages.subList(0, i)));
        VersionRecord version = next(previous, fields);
        storage.commit(Commit.of(version.ecsId(), List.of(messages.get(i - 1), version)));
        versions.add(version);
      }
      for (int i = 0; i < 3; i++) {
        assertThat(ids(stored(versions.get(i).ecsId()).fields().get("history")))
            .containsExactlyElementsOf(messages.subList(0, i + 1).stream()
                .map(VersionRecord::ecsId).toList());
      }
      assertThat(sql.count("select count(*) from id_list_item i join chat_thread t"
              + " on i.segment_id = t.history_segment where t.lineage_id = ?",
          v1.lineageId())).isEqualTo(3 * 3); // each version's segment: the same 3 rows
      assertThat(sql.count("select count(distinct i.slot) from id_list_item i join chat_thread"
              + " t on i.segment_id = t.history_segment where t.lineage_id = ?",
          v1.lineageId())).isEqualTo(3);
    }

    /** Editing a message in the middle keeps the rows of the messages before it. */
    @Test
    @DisplayName("an edited history stores only what follows the first difference")
    void editedHistoryBranchesAtTheDifference() {
      ThreadShapes.Thread thread = ThreadShapes.conversation(storage, 6);
      List<Value> history = new ArrayList<>(thread.history());
      VersionRecord edited = ThreadShapes.plainMessage("USER", "edited", null);
      history.set(4, ref(edited));
      VersionRecord forked = nextWith(thread.version(), "history", new Value.Seq(history));
      long items = sql.count("select count(*) from id_list_item");
      storage.commit(Commit.of(forked.ecsId(), List.of(edited, forked)));
      // positions 4 and 5 of the history, and the fork's one old id
      assertThat(sql.count("select count(*) from id_list_item")).isEqualTo(items + 3);
      assertThat(stored(forked.ecsId())).isEqualTo(forked);
      assertThat(stored(thread.id())).isEqualTo(thread.version());
    }

    /** Branching from an old version starts a segment at the branch point. */
    @Test
    @DisplayName("a branch from an old version adds its own segment; both branches read back")
    void branchesShareTheirPrefix() {
      ThreadShapes.Thread base = ThreadShapes.conversation(storage, 4);
      ThreadShapes.Thread main = ThreadShapes.appendTurn(storage, base, "main");
      VersionRecord user = ThreadShapes.plainMessage("USER", "branch", null);
      List<Value> history = new ArrayList<>(base.history());
      history.add(ref(user));
      VersionRecord branch = nextWith(base.version(), "history", new Value.Seq(history));
      storage.commit(new Commit(branch.ecsId(), List.of(user, branch), true));
      assertThat(stored(branch.ecsId())).isEqualTo(branch);
      assertThat(stored(main.id())).isEqualTo(main.version());
      Object baseSegment =
          sql.column("select history_segment from chat_thread where ecs_id = ?", base.id()).get(0);
      assertThat(sql.column("select parent_segment_id from id_list_segment s join chat_thread t"
              + " on s.segment_id = t.history_segment where t.ecs_id = ?", branch.ecsId())
          .stream().map(RelationalScenarios.this::uuidOf).toList())
          .containsExactly(uuidOf(baseSegment));
    }

    private ThreadShapes.Thread twoMessageThread() {
      return ThreadShapes.conversation(storage, 2);
    }

    private List<UUID> historyItems(UUID thread) {
      List<Object> items = sql.column("select i.item_id from id_list_item i join chat_thread t"
          + " on i.segment_id = t.history_segment and i.slot <= t.history_slot"
          + " where t.ecs_id = ? order by i.slot", thread);
      return items.stream().map(RelationalScenarios.this::uuidOf).toList();
    }
  }

  @Nested
  @DisplayName("D-40, D-41: a turn costs the same at any length")
  class Bounded {

    /** D-40: rows written per turn do not depend on the number of messages. */
    @Test
    @DisplayName("D-40 a turn writes the same rows to a thread of 10 and of 1,000 messages")
    void rowsPerTurnAreBounded() {
      assertThat(rowsOfSecondTurn(1_000)).isEqualTo(rowsOfSecondTurn(10))
          // two messages, a usage and the thread version, each with its catalog row; the
          // thread's two tool links, two history items, one old id, the successor row
          .isEqualTo(14);
    }

    /**
     * D-41: loading a thread version prepares the same number of statements for 10 and for 1,000
     * messages, and so does appending a turn to it.
     */
    @Test
    @DisplayName("D-41 loading and appending prepare the same statements for 10 and 1,000 messages")
    void statementsDoNotGrow() {
      JpaTargets.Counted counted = JpaTargets.counted(database(), NAMESPACE);
      long[] small = statements(counted, 10);
      long[] large = statements(counted, 1_000);
      assertThat(large[0]).as("statements to load").isEqualTo(small[0]).isBetween(1L, 12L);
      assertThat(large[1]).as("statements to append").isEqualTo(small[1]).isPositive();
    }

    /** {statements to load the thread with its graph, statements to append the second turn}. */
    private long[] statements(JpaTargets.Counted counted, int messages) {
      ThreadShapes.Thread thread = ThreadShapes.conversation(counted.storage(), messages);
      thread = ThreadShapes.appendTurn(counted.storage(), thread, "first");
      Statistics statistics = counted.statistics();
      statistics.clear();
      Map<UUID, VersionRecord> graph = counted.storage().loadGraphs(List.of(thread.id()));
      long load = statistics.getPrepareStatementCount();
      // the thread, its prompt, configuration and two tools, every message and every usage
      assertThat(graph).hasSize(1 + 1 + 1 + 2 + (messages + 2) + (messages / 2 + 1));
      assertThat(graph.get(thread.id())).isEqualTo(thread.version());
      statistics.clear();
      ThreadShapes.appendTurn(counted.storage(), thread, "second");
      long append = statistics.getPrepareStatementCount();
      return new long[] {load, append};
    }

    /**
     * A streamed load hands the history's messages and usages over while the history's statement
     * is read, each usage before the message that references it (so the caller can complete the
     * message at once), and the thread, whose lists come last, after them.
     */
    @Test
    @DisplayName("a streamed load hands each message over during the history's statement, after its"
        + " usage and before the thread")
    void streamedLoadHandsMessagesOverAsTheyArrive() {
      JpaTargets.Counted counted = JpaTargets.counted(database(), NAMESPACE);
      ThreadShapes.Thread thread = ThreadShapes.conversation(counted.storage(), 100);
      thread = ThreadShapes.appendTurn(counted.storage(), thread, "first");
      Statistics statistics = counted.statistics();
      statistics.clear();
      List<VersionRecord> handed = new ArrayList<>();
      List<Long> preparedSoFar = new ArrayList<>();
      Map<UUID, VersionRecord> graph = counted.storage().loadGraphs(List.of(thread.id()),
          record -> {
            handed.add(record);
            preparedSoFar.add(statistics.getPrepareStatementCount());
          });
      long prepared = statistics.getPrepareStatementCount();
      assertThat(handed).hasSize(graph.size()).doesNotHaveDuplicates();
      List<String> types = handed.stream().map(VersionRecord::type).toList();
      int firstMessage = types.indexOf("ChatMessage");
      int lastMessage = types.lastIndexOf("ChatMessage");
      assertThat(preparedSoFar.get(lastMessage)).as("statements prepared by the last message")
          .isLessThan(prepared);
      assertThat(preparedSoFar.get(firstMessage)).isEqualTo(preparedSoFar.get(lastMessage));
      int threadAt = types.indexOf("ChatThread");
      assertThat(threadAt).isGreaterThan(lastMessage);
      // the thread waits for the statements after the history's (its tools, the old ids)
      assertThat(preparedSoFar.get(lastMessage)).isLessThan(preparedSoFar.get(threadAt));
      Map<UUID, Integer> position = new LinkedHashMap<>();
      handed.forEach(record -> position.put(record.ecsId(), position.size()));
      int withUsage = 0;
      for (VersionRecord record : handed) {
        if (record.fields().get("usage") instanceof Value.Ref usage) {
          assertThat(position.get(usage.ecsId())).as("usage of " + record.ecsId())
              .isLessThan(position.get(record.ecsId()));
          withUsage++;
        }
      }
      assertThat(withUsage).isEqualTo(51);
    }

    private long rowsOfSecondTurn(int messages) {
      ThreadShapes.Thread thread = ThreadShapes.conversation(storage, messages);
      thread = ThreadShapes.appendTurn(storage, thread, "first");
      UUID lineage = thread.version().lineageId();
      long before = sql.rowsOf(lineage);
      ThreadShapes.appendTurn(storage, thread, "second");
      return sql.rowsOf(lineage) - before;
    }
  }

  @Nested
  @DisplayName("Damaged rows and refused commits")
  class BadData {

    /** A hand-edited enum column is reported with its table and version, never guessed. */
    @Test
    @DisplayName("a bad enum text in a row is unreadable, naming the table and the ecs_id")
    void badEnumText() {
      VersionRecord message = ThreadShapes.message("USER", "hi", null);
      commitAlone(message);
      sql.update("update chat_message set role = 'FURIOUS' where ecs_id = ?", message.ecsId());
      assertThatThrownBy(() -> stored(message.ecsId()))
          .isInstanceOf(UnreadableDataException.class)
          .hasMessageContaining("chat_message")
          .hasMessageContaining(message.ecsId().toString())
          .hasMessageContaining("FURIOUS");
    }

    /** JSON that is valid but not what the adapter writes (a malformed tag) is reported. */
    @Test
    @DisplayName("broken JSON in a row is unreadable, naming the table and the ecs_id")
    void brokenJson() {
      VersionRecord message = ThreadShapes.message("USER", "hi", null);
      commitAlone(message);
      sql.update("update chat_message set tool_call = " + jsonLiteral("{\"$uuid\": \"nope\"}")
          + " where ecs_id = ?", message.ecsId());
      assertThatThrownBy(() -> stored(message.ecsId()))
          .isInstanceOf(UnreadableDataException.class)
          .hasMessageContaining("chat_message")
          .hasMessageContaining(message.ecsId().toString())
          .hasMessageContaining("tool_call");
    }

    /** A history whose message row was deleted is reported, not shortened. */
    @Test
    @DisplayName("a missing message row is unreadable, naming the thread's table and ecs_id")
    void missingMessageRow() {
      ThreadShapes.Thread thread = ThreadShapes.conversation(storage, 4);
      UUID gone = ((Value.Ref) thread.history().get(2)).ecsId();
      sql.update("delete from chat_message where ecs_id = ?", gone);
      assertThatThrownBy(() -> storage.loadGraphs(List.of(thread.id())))
          .isInstanceOf(UnreadableDataException.class)
          .hasMessageContaining("chat_thread")
          .hasMessageContaining(thread.id().toString())
          .hasMessageContaining(gone.toString());
    }

    /** A tool whose kind row was deleted is reported, not read with empty fields. */
    @Test
    @DisplayName("a missing callable_tool row is unreadable, naming it and the ecs_id")
    void missingKindRow() {
      VersionRecord tool = ThreadShapes.callableTool();
      commitAlone(tool);
      sql.update("delete from callable_tool where ecs_id = ?", tool.ecsId());
      assertThatThrownBy(() -> stored(tool.ecsId()))
          .isInstanceOf(UnreadableDataException.class)
          .hasMessageContaining("callable_tool")
          .hasMessageContaining(tool.ecsId().toString());
    }

    /** A thread whose tool link row was deleted is reported. */
    @Test
    @DisplayName("a missing chat_thread_tools row is unreadable, naming the thread")
    void missingToolLink() {
      ThreadShapes.Thread thread = ThreadShapes.conversation(storage, 2);
      sql.update("delete from chat_thread_tools where chat_thread_id = ? and position = 1",
          thread.id());
      assertThatThrownBy(() -> storage.loadGraphs(List.of(thread.id())))
          .isInstanceOf(UnreadableDataException.class)
          .hasMessageContaining("chat_thread")
          .hasMessageContaining(thread.id().toString())
          .hasMessageContaining("tools");
    }

    /**
     * A commit that runs into a constraint (here a successor row planted by hand) rolls back
     * completely: not one of its rows stays.
     */
    @Test
    @DisplayName("a commit that violates a constraint rolls back completely")
    void violationRollsBack() {
      ThreadShapes.Thread thread = ThreadShapes.conversation(storage, 2);
      sql.update("insert into version_successor (base_id, successor_id, root_lineage_id)"
          + " values (?, ?, ?)", thread.id(), UUID.randomUUID(), thread.version().lineageId());
      long rows = sql.allRows();
      assertThatThrownBy(() -> ThreadShapes.appendTurn(storage, thread, "refused"))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining(thread.id().toString());
      assertThat(sql.allRows()).isEqualTo(rows);
    }

    /** Creation times outside what every database keeps are refused before anything is written. */
    @Test
    @DisplayName("a creation time outside the years 1000 to 9999 is refused, nothing written")
    void createdAtOutOfRange() {
      UUID id = UUID.randomUUID();
      VersionRecord ancient = new VersionRecord(id, id, null, List.of(),
          Instant.parse("0900-01-01T00:00:00Z"), "SystemPrompt",
          ThreadShapes.systemPrompt().fields());
      VersionRecord fine = ThreadShapes.systemPrompt();
      assertThatThrownBy(() -> storage.commit(Commit.of(id, List.of(fine, ancient))))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining(id.toString());
      assertThat(storage.exists(fine.ecsId())).isFalse();
    }

    private String jsonLiteral(String json) {
      return switch (database()) {
        case POSTGRESQL -> "cast('" + json + "' as jsonb)";
        case H2 -> "'" + json + "' format json";
        default -> "'" + json + "'";
      };
    }
  }

  @Nested
  @DisplayName("D-11 on typed threads")
  class Races {

    /**
     * D-11: two threads append to one base at once, 20 times: exactly one commit wins each race,
     * and the winner's history reads back whole.
     */
    @Test
    @DisplayName("of two concurrent turns from one thread version exactly one wins, 20 times")
    void exactlyOneWins() throws Exception {
      ExecutorService executor = Executors.newFixedThreadPool(2);
      try {
        race(executor);
      } finally {
        executor.shutdownNow();
      }
    }

    private void race(ExecutorService executor) throws Exception {
      for (int race = 0; race < 20; race++) {
        ThreadShapes.Thread base = ThreadShapes.conversation(storage, 4);
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<ThreadShapes.Thread>> runs = new ArrayList<>();
        for (int writer = 0; writer < 2; writer++) {
          String question = "writer " + writer;
          Callable<ThreadShapes.Thread> turn = () -> {
            start.await();
            return ThreadShapes.appendTurn(storage, base, question);
          };
          runs.add(executor.submit(turn));
        }
        List<ThreadShapes.Thread> winners = new ArrayList<>();
        int conflicts = 0;
        for (Future<ThreadShapes.Thread> run : runs) {
          try {
            winners.add(run.get());
          } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(ConflictException.class);
            conflicts++;
          }
        }
        assertThat(winners).as("race " + race).hasSize(1);
        assertThat(conflicts).isOne();
        ThreadShapes.Thread winner = winners.get(0);
        assertThat(storage.loadGraphs(List.of(winner.id())).get(winner.id()))
            .isEqualTo(winner.version());
        assertThat(storage.listLineage(base.version().lineageId(),
            PageRequest.first(10)).items()).hasSize(2);
      }
    }
  }

  UUID uuidOf(Object column) {
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
