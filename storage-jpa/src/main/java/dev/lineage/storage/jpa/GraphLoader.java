package dev.lineage.storage.jpa;

import dev.lineage.storage.InvalidInputException;
import dev.lineage.storage.UnreadableDataException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.hibernate.StatelessSession;

/**
 * Reads versions, and the graphs they reach, in rounds whose number depends on the shape of the
 * graph, never on its size (D-41). A round fetches what the previous one referenced:
 *
 * <ol>
 *   <li>ids whose table is unknown (roots, references from JSON) are located in the catalog;
 *       references from typed columns go straight to the table their column names, and only
 *       what is not there is located;
 *   <li>each table's rows come in one query; a generic row's query also follows generic
 *       references recursively, so a generic graph of any depth is one round (not on H2, whose
 *       recursive queries do not stop on cycles: there a round per level);
 *   <li>for thread rows, one query reads every history with its messages and their usages, and
 *       one reads the tool links with the tools;
 *   <li>one query reads the old ids of every row of the round.
 * </ol>
 *
 * A thread version with its whole history, configuration, prompt and tools loads in two rounds:
 * seven statements, for ten messages as for ten thousand. Queries bind at most {@code maxIds}
 * ids each; larger id sets (pages of thousands of versions) take more statements.
 */
final class GraphLoader {

  /** A version to read: where to look first (null: locate it), and who referred to it. */
  private record Wanted(VersionTable hint, Referrer referrer) {}

  /** The row and field that referenced a version, for the message if it cannot be read. */
  private record Referrer(String table, UUID ecsId, String type, String field) {
    @Override
    public String toString() {
      return table + " row " + ecsId + " (" + type + "), field '" + field + "',";
    }
  }

  /** The rows of one round, by id. */
  private final class Round {
    final Map<UUID, VersionRow> rows = new LinkedHashMap<>();
    final List<ChatThreadRow> threads = new ArrayList<>();
    /** The rows that have old ids: most versions are the first of their lineage and have none. */
    final List<VersionRow> withOldIds = new ArrayList<>();
    ListReader histories;
    ListReader oldIds;
    final Map<UUID, List<ThreadToolRow>> tools = new HashMap<>();

    void add(VersionRow row) {
      if (!loaded.containsKey(row.ecsId) && rows.putIfAbsent(row.ecsId, row) == null) {
        if (row instanceof ChatThreadRow thread) {
          threads.add(thread);
        }
        if (row.oldIdsSegment != null) {
          withOldIds.add(row);
        } else if (!(row instanceof ChatThreadRow)) {
          build(row, this); // needs no list of the round: made and handed over as it arrives
        }
      }
    }
  }

  /** Sees every row with the record built from it: how {@code verify()} checks what rows hold. */
  interface Inspector {
    void read(VersionRow row, VersionRecord record);
  }

  private final Jdbc jdbc;
  private final RowSelect rows;
  private final Vendor vendor;
  private final int maxIds;
  private final Map<UUID, VersionRecord> loaded = new HashMap<>();
  private Inspector inspector;
  private ListCache cache;
  private Consumer<VersionRecord> eachRead;

  GraphLoader(StatelessSession session, Vendor vendor, int maxIds) {
    this.jdbc = new Jdbc(session, vendor);
    this.rows = new RowSelect(jdbc, vendor);
    this.vendor = vendor;
    this.maxIds = maxIds;
  }

  /** This loader, handing every row it reads and its record to {@code inspector}. */
  GraphLoader inspecting(Inspector inspector) {
    this.inspector = inspector;
    return this;
  }

  /**
   * This loader, keeping the history of every thread version it reads in {@code cache}: the
   * next version of a thread loaded to be continued is then stored without hashing its history.
   */
  GraphLoader caching(ListCache cache) {
    this.cache = cache;
    return this;
  }

  /**
   * This loader, handing every record it makes to {@code eachRead} at once: most rows become
   * records as they arrive (a history's messages and usages while the driver still reads the
   * next rows); those that hold lists, when the round has read them.
   */
  GraphLoader handing(Consumer<VersionRecord> eachRead) {
    this.eachRead = eachRead;
    return this;
  }

  /** The versions {@code roots} name and everything they reach. */
  Map<UUID, VersionRecord> graphs(Collection<UUID> roots) {
    return run(roots, true);
  }

  /** Exactly the versions {@code ids} name that are stored. */
  Map<UUID, VersionRecord> versions(Collection<UUID> ids) {
    return run(ids, false);
  }

  /** The versions {@code located} names, each read from the table it is known to be in. */
  Map<UUID, VersionRecord> versionsAt(Map<UUID, VersionTable> located) {
    Map<UUID, Wanted> pending = new LinkedHashMap<>();
    located.forEach((id, table) -> pending.put(id, new Wanted(table, null)));
    return run(located.keySet(), pending, false);
  }

  /** The table each stored one of {@code ids} is in, from the catalog; the others are left out. */
  Map<UUID, VersionTable> locate(Collection<UUID> ids) {
    Map<UUID, VersionTable> found = new HashMap<>();
    for (List<UUID> batch : batches(ids, maxIds)) {
      jdbc.query("select c.ecs_id, c.stored_in from version_catalog c where c.ecs_id in "
          + Jdbc.marks(batch.size()), Jdbc.padded(batch), row -> {
            UUID id = jdbc.uuid(row, 1);
            found.put(id, catalogued(id, row.getString(2)));
          });
    }
    return found;
  }

  /** The table a catalog row names, or unreadable data if it names none. */
  static VersionTable catalogued(UUID ecsId, String storedIn) {
    try {
      return VersionTable.named(storedIn);
    } catch (IllegalArgumentException e) {
      throw new UnreadableDataException("version_catalog row " + ecsId + " says the version is"
          + " stored in " + storedIn + ", which is no version table", e);
    }
  }

  private Map<UUID, VersionRecord> run(Collection<UUID> ids, boolean follow) {
    Map<UUID, Wanted> pending = new LinkedHashMap<>();
    for (UUID id : ids) {
      pending.put(id, new Wanted(null, null));
    }
    return run(ids, pending, follow);
  }

  private Map<UUID, VersionRecord> run(Collection<UUID> ids, Map<UUID, Wanted> pending,
      boolean follow) {
    Map<UUID, VersionRecord> asked = new LinkedHashMap<>();
    while (!pending.isEmpty()) {
      Map<VersionTable, Set<UUID>> byTable = new EnumMap<>(VersionTable.class);
      Map<UUID, Wanted> unknown = new LinkedHashMap<>();
      Map<UUID, VersionTable> catalogued = new HashMap<>();
      pending.forEach((id, wanted) -> {
        if (wanted.hint() == null) {
          unknown.put(id, wanted);
        } else {
          byTable.computeIfAbsent(wanted.hint(), t -> new LinkedHashSet<>()).add(id);
        }
      });
      if (!unknown.isEmpty()) {
        Map<UUID, VersionTable> found = locate(unknown.keySet());
        unknown.forEach((id, wanted) -> {
          VersionTable table = found.get(id);
          if (table != null) {
            byTable.computeIfAbsent(table, t -> new LinkedHashSet<>()).add(id);
            catalogued.put(id, table);
          } else if (wanted.referrer() != null) {
            throw new UnreadableDataException(
                wanted.referrer() + " references version " + id + ", which is not stored");
          }
        });
      }
      Round round = new Round();
      byTable.forEach((table, tableIds) -> fetch(table, tableIds, follow, round));
      catalogued.forEach((id, table) -> {
        if (!round.rows.containsKey(id) && !loaded.containsKey(id)) {
          Wanted wanted = unknown.get(id);
          throw new UnreadableDataException((wanted.referrer() == null ? "version " + id
              : wanted.referrer() + " references version " + id + ", which") + " is catalogued"
              + " in " + table.sqlName() + ", but that table has no row " + id);
        }
      });
      Map<UUID, Wanted> next = new LinkedHashMap<>();
      pending.forEach((id, wanted) -> {
        if (wanted.hint() != null && !round.rows.containsKey(id) && !loaded.containsKey(id)) {
          next.put(id, new Wanted(null, wanted.referrer())); // not where its column said
        }
      });
      completeThreads(round, follow);
      readOldIds(round);
      for (VersionRow row : round.rows.values()) {
        if (!loaded.containsKey(row.ecsId)) { // else made as it arrived
          build(row, round);
        }
      }
      if (follow) {
        for (VersionRow row : round.rows.values()) {
          wantReferences(loaded.get(row.ecsId), row, next);
        }
      }
      pending = next;
    }
    for (UUID id : ids) {
      VersionRecord record = loaded.get(id);
      if (record != null) {
        asked.put(id, record);
      }
    }
    return follow ? loaded : asked;
  }

  private void fetch(VersionTable table, Set<UUID> ids, boolean follow, Round round) {
    for (List<UUID> batch : batches(ids, maxIds)) {
      String list = Jdbc.marks(batch.size());
      // a generic graph in one query, where recursive queries stop on cycles
      String sql = table == VersionTable.GENERIC && follow && vendor.stopsRecursionOnCycles()
          ? "with recursive reach (id) as (select g.ecs_id from generic_entity g"
              + " where g.ecs_id in " + list + " union select r.to_id from generic_ref r"
              + " join reach x on r.from_id = x.id) select " + rows.columns(table, "t")
              + " from generic_entity t where t.ecs_id in (select x.id from reach x)"
          : "select " + rows.columns(table, "t") + " from " + rows.from(table, "t")
              + " where t.ecs_id in " + list;
      jdbc.query(sql, Jdbc.padded(batch), row -> round.add(rows.read(table, row, 1)));
    }
  }

  /**
   * Reads the histories and the tool links of the round's threads; when following references,
   * with the messages (and their usages) and the tools themselves.
   */
  private void completeThreads(Round round, boolean follow) {
    if (round.threads.isEmpty()) {
      return;
    }
    List<UUID> threadIds = round.threads.stream().map(t -> t.ecsId).toList();
    round.histories = ListReader.read(jdbc, rows, vendor, List.of(new ListReader.Anchor(
        VersionTable.CHAT_THREAD, "history", threadIds)), maxIds, follow, round::add);
    for (List<UUID> batch : batches(threadIds, maxIds)) {
      String sql = "select l.chat_thread_id, l.position, l.tool_id"
          + (follow ? ", " + rows.columns(VersionTable.TOOL, "t") : "")
          + " from chat_thread_tools l"
          + (follow ? " left join " + rows.from(VersionTable.TOOL, "t")
              + " on t.ecs_id = l.tool_id" : "")
          + " where l.chat_thread_id in " + Jdbc.marks(batch.size());
      jdbc.query(sql, Jdbc.padded(batch), row -> {
        ThreadToolRow link = new ThreadToolRow(jdbc.uuid(row, 1), row.getInt(2),
            jdbc.uuid(row, 3), null);
        round.tools.computeIfAbsent(link.chatThreadId, k -> new ArrayList<>()).add(link);
        if (follow) {
          VersionRow tool = rows.read(VersionTable.TOOL, row, 4);
          if (tool != null) {
            round.add(tool);
          }
        }
      });
    }
  }

  /** Reads the old ids of every row of the round that has any, in one query per batch. */
  private void readOldIds(Round round) {
    Map<VersionTable, List<UUID>> byTable = new EnumMap<>(VersionTable.class);
    for (VersionRow row : round.withOldIds) {
      byTable.computeIfAbsent(VersionTable.of(row), k -> new ArrayList<>()).add(row.ecsId);
    }
    if (byTable.isEmpty()) {
      return;
    }
    List<ListReader.Anchor> anchors = new ArrayList<>();
    byTable.forEach((table, ids) -> anchors.add(new ListReader.Anchor(table, "old_ids", ids)));
    round.oldIds = ListReader.read(jdbc, rows, vendor, anchors, maxIds, false, row -> { });
  }

  /** Makes the record of {@code row}, and shows and hands it over. */
  private void build(VersionRow row, Round round) {
    VersionRecord record = toRecord(row, round);
    if (inspector != null) {
      inspector.read(row, record);
    }
    loaded.put(record.ecsId(), record);
    if (eachRead != null) {
      eachRead.accept(record);
    }
  }

  private VersionRecord toRecord(VersionRow row, Round round) {
    TypedMapping<?> mapping = VersionTable.mappingOf(row);
    String table = mapping == null ? VersionTable.GENERIC.sqlName() : mapping.table();
    UUID id = row.ecsId;
    ListPointer oldPointer = row.oldIds();
    List<UUID> oldIds = oldPointer.isEmpty() && oldPointer.segment() == null
        ? List.of()
        : listOf(round.oldIds, oldPointer, table, id, "old_ids");
    Instant createdAt = row.createdAt;
    if (createdAt == null || createdAt.getNano() % 1_000_000 != 0) {
      throw new UnreadableDataException(
          table + " row " + id + ": created_at " + createdAt + " is not a time in milliseconds");
    }
    String type;
    Map<String, Value> fields;
    if (row instanceof GenericRow generic) {
      type = generic.typeName;
      fields = GenericRecords.fields(generic);
    } else {
      type = mapping.typeName();
      fields = mapping.fieldsOf(row, id, row instanceof ChatThreadRow thread
          ? threadLists(thread, round) : Map.of());
    }
    try {
      return new VersionRecord(id, row.lineageId, row.parentId, oldIds, createdAt, type, fields);
    } catch (InvalidInputException | NullPointerException e) {
      throw new UnreadableDataException(table + " row " + id + " (" + type
          + ") is not a valid version: " + e.getMessage(), e);
    }
  }

  private static List<UUID> listOf(ListReader reader, ListPointer pointer, String table, UUID id,
      String field) {
    if (reader == null) {
      throw new UnreadableDataException(
          table + " row " + id + ": field '" + field + "' cannot be read: its list is missing");
    }
    return reader.ids(pointer, table, id, field);
  }

  private Map<String, Value> threadLists(ChatThreadRow thread, Round round) {
    ListPointer pointer = thread.history();
    List<UUID> history = pointer.isEmpty() && pointer.segment() == null
        ? List.of()
        : listOf(round.histories, pointer, "chat_thread", thread.ecsId, ChatThreadRow.HISTORY);
    if (cache != null && !history.isEmpty()) {
      cache.put(new ListCache.Key(thread.ecsId, CommitWriter.HISTORY),
          new ListCache.Known(pointer, IdRun.of(history), null, null, null));
    }
    List<ThreadToolRow> links = new ArrayList<>(round.tools.getOrDefault(thread.ecsId, List.of()));
    links.sort((a, b) -> Integer.compare(a.position, b.position));
    int expected = thread.toolsCount == null ? -1 : thread.toolsCount;
    for (int i = 0; i < links.size(); i++) {
      if (links.get(i).position != i) {
        expected = -1;
      }
    }
    if (links.size() != expected) {
      throw new UnreadableDataException("chat_thread row " + thread.ecsId + ": field 'tools'"
          + " cannot be read: tools_count is " + thread.toolsCount + " but chat_thread_tools has"
          + " positions " + links.stream().map(l -> l.position).toList());
    }
    List<Value> historyRefs = new ArrayList<>(history.size());
    history.forEach(id -> historyRefs.add(new Value.Ref(id)));
    List<Value> toolRefs = new ArrayList<>(links.size());
    links.forEach(link -> toolRefs.add(new Value.Ref(link.toolId)));
    return Map.of(ChatThreadRow.HISTORY, new Value.Seq(historyRefs),
        ChatThreadRow.TOOLS, new Value.Seq(toolRefs));
  }

  /**
   * Adds to {@code next} every version {@code record} references that is not read yet. A typed
   * row holds references only in its reference and JSON columns and its lists, so only those are
   * walked; each reference from a reference column or a list is looked for in the table it names
   * first.
   */
  private void wantReferences(VersionRecord record, VersionRow row, Map<UUID, Wanted> next) {
    TypedMapping<?> mapping = VersionTable.mappingOf(row);
    if (mapping == null) {
      record.fields().forEach((field, value) -> value.forEachRef(id -> want(id, null,
          VersionTable.GENERIC.sqlName(), record, field, next)));
    } else {
      wantTyped(mapping, row, record, next);
    }
  }

  /** Reads the references from the row's columns, which is cheaper than from the record's map. */
  private <R extends VersionRow> void wantTyped(TypedMapping<R> mapping, VersionRow row,
      VersionRecord record, Map<UUID, Wanted> next) {
    R typed = mapping.rowClass().cast(row);
    for (FieldColumn<R> column : mapping.columns()) {
      if (column.kind() == ColumnKind.REF) {
        Object id = column.get().apply(typed);
        if (id != null) {
          want((UUID) id, VersionTable.of(column.target()), mapping.table(), record,
              column.field(), next);
        }
      } else if (column.kind() == ColumnKind.JSON && column.get().apply(typed) != null) {
        record.fields().get(column.field()).forEachRef(id ->
            want(id, null, mapping.table(), record, column.field(), next));
      }
    }
    for (String list : mapping.outside().keySet()) {
      VersionTable hint = list.equals(ChatThreadRow.HISTORY)
          ? VersionTable.CHAT_MESSAGE : VersionTable.TOOL;
      for (Value item : ((Value.Seq) record.fields().get(list)).items()) {
        want(((Value.Ref) item).ecsId(), hint, mapping.table(), record, list, next);
      }
    }
  }

  private void want(UUID id, VersionTable hint, String table, VersionRecord record, String field,
      Map<UUID, Wanted> next) {
    if (!loaded.containsKey(id) && !next.containsKey(id)) {
      next.put(id, new Wanted(hint, new Referrer(table, record.ecsId(), record.type(), field)));
    }
  }

  /** {@code items} in consecutive batches of at most {@code size}. */
  static <T> List<List<T>> batches(Collection<T> items, int size) {
    List<T> all = List.copyOf(items);
    List<List<T>> batches = new ArrayList<>();
    for (int from = 0; from < all.size(); from += size) {
      batches.add(all.subList(from, Math.min(all.size(), from + size)));
    }
    return batches;
  }
}
