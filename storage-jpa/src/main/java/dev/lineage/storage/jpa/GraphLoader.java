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
  private record Wanted(VersionTable hint, String referrer) {}

  /** The rows of one round, by id. */
  private final class Round {
    final Map<UUID, VersionRow> rows = new LinkedHashMap<>();
    final List<ChatThreadRow> threads = new ArrayList<>();
    ListReader histories;
    ListReader oldIds;
    final Map<UUID, List<ThreadToolRow>> tools = new HashMap<>();

    void add(VersionRow row) {
      if (!loaded.containsKey(row.ecsId) && rows.putIfAbsent(row.ecsId, row) == null
          && row instanceof ChatThreadRow thread) {
        threads.add(thread);
      }
    }
  }

  private final StatelessSession session;
  private final Vendor vendor;
  private final int maxIds;
  private final Map<UUID, VersionRecord> loaded = new HashMap<>();

  GraphLoader(StatelessSession session, Vendor vendor, int maxIds) {
    this.session = session;
    this.vendor = vendor;
    this.maxIds = maxIds;
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
      var query = session.createSelectionQuery("select c.ecsId, c.storedIn from CatalogRow c"
          + " where c.ecsId in " + InList.of("id", batch.size()), Object[].class);
      InList.bind(query, "id", batch);
      for (Object[] row : query.getResultList()) {
        found.put((UUID) row[0], catalogued((UUID) row[0], (String) row[1]));
      }
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
      List<VersionRecord> built = new ArrayList<>();
      for (VersionRow row : round.rows.values()) {
        VersionRecord record = toRecord(row, round);
        loaded.put(record.ecsId(), record);
        built.add(record);
      }
      if (follow) {
        for (VersionRecord record : built) {
          wantReferences(record, round, next);
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
      String list = InList.of("id", batch.size());
      // a generic graph in one query, where recursive queries stop on cycles
      String hql = table == VersionTable.GENERIC && follow && vendor.stopsRecursionOnCycles()
          ? "with reach as (select g.ecsId as id from GenericRow g where g.ecsId in " + list
              + " union select r.toId from GenericRefRow r join reach x on r.fromId = x.id)"
              + " select g from GenericRow g where g.ecsId in (select x.id from reach x)"
          : "select t from " + table.entity() + " t where t.ecsId in " + list;
      var query = session.createSelectionQuery(hql, VersionRow.class);
      InList.bind(query, "id", batch);
      query.getResultList().forEach(round::add);
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
    round.histories = ListReader.read(session, List.of(new ListReader.Anchor(
        "ChatThreadRow", "historySegment", "historySlot", threadIds)), maxIds, follow, round::add);
    for (List<UUID> batch : batches(threadIds, maxIds)) {
      String ids = InList.of("id", batch.size());
      String hql = follow
          ? "select l, t from ThreadToolRow l left join ToolRow t on t.ecsId = l.toolId"
              + " where l.chatThreadId in " + ids
          : "select l, null from ThreadToolRow l where l.chatThreadId in " + ids;
      var query = session.createSelectionQuery(hql, Object[].class);
      InList.bind(query, "id", batch);
      for (Object[] row : query.getResultList()) {
        ThreadToolRow link = (ThreadToolRow) row[0];
        round.tools.computeIfAbsent(link.chatThreadId, k -> new ArrayList<>()).add(link);
        if (row[1] != null) {
          round.add((VersionRow) row[1]);
        }
      }
    }
  }

  /** Reads the old ids of every row of the round that has any, in one query per batch. */
  private void readOldIds(Round round) {
    Map<String, List<UUID>> byEntity = new LinkedHashMap<>();
    for (VersionRow row : round.rows.values()) {
      if (row.oldIdsSegment != null) {
        byEntity.computeIfAbsent(entityOf(row), k -> new ArrayList<>()).add(row.ecsId);
      }
    }
    if (byEntity.isEmpty()) {
      return;
    }
    List<ListReader.Anchor> anchors = new ArrayList<>();
    byEntity.forEach((entity, ids) ->
        anchors.add(new ListReader.Anchor(entity, "oldIdsSegment", "oldIdsSlot", ids)));
    round.oldIds = ListReader.read(session, anchors, maxIds, false, row -> { });
  }

  private static String entityOf(VersionRow row) {
    if (row instanceof ToolRow) {
      return VersionTable.TOOL.entity();
    }
    return row.getClass().getSimpleName();
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

  /** Adds to {@code next} every version {@code record} references that is not read yet. */
  private void wantReferences(VersionRecord record, Round round, Map<UUID, Wanted> next) {
    TypedMapping<?> mapping = VersionTable.mappingOf(record.type());
    VersionRow row = round.rows.get(record.ecsId());
    boolean typed = mapping != null && !(row instanceof GenericRow);
    String table = typed ? mapping.table() : VersionTable.GENERIC.sqlName();
    record.fields().forEach((field, value) -> value.forEachRef(id -> {
      if (!loaded.containsKey(id) && !next.containsKey(id)) {
        next.put(id, new Wanted(typed ? hintOf(mapping, field) : null,
            table + " row " + record.ecsId() + " (" + record.type() + "), field '" + field
                + "',"));
      }
    }));
  }

  private static VersionTable hintOf(TypedMapping<?> mapping, String field) {
    if (field.equals(ChatThreadRow.HISTORY)) {
      return VersionTable.CHAT_MESSAGE;
    }
    if (field.equals(ChatThreadRow.TOOLS)) {
      return VersionTable.TOOL;
    }
    for (FieldColumn<?> column : mapping.columns()) {
      if (column.field().equals(field)) {
        return column.target() == null ? null : VersionTable.of(column.target());
      }
    }
    return null;
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
