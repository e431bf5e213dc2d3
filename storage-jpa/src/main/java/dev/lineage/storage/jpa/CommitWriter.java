package dev.lineage.storage.jpa;

import dev.lineage.storage.Commit;
import dev.lineage.storage.ConflictException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hibernate.StatelessSession;

/**
 * Writes one commit inside the caller's transaction, in one query and one JDBC batch per table:
 *
 * <ol>
 *   <li>one query finds which of the commit's versions are stored already and the stored
 *       successors of the root's base (in the catalog), and where the parents' old-id lists (and,
 *       for threads, histories) end, looking for each parent in the table its child goes to;
 *   <li>a stored version must be identical (D-9), and a plain commit's base must have no other
 *       successor (D-11);
 *   <li>each new version becomes a row of its type's table when every field fits, else a generic
 *       row, and a catalog row; each new list stores only what it adds to its parent's; then
 *       everything is inserted.
 * </ol>
 *
 * A plain commit's root also gets a {@code version_successor} row: of two racing commits from one
 * base, the second's insert fails on its key and the caller retries, finding the conflict.
 */
final class CommitWriter {

  /** A list end: its segment, slot, length, digest, and its segment's last slot. */
  private static final String OLD_IDS_END = "t.old_ids_segment, t.old_ids_slot,"
      + " t.old_ids_length, t.old_ids_digest, (select max(i.slot) from id_list_item i"
      + " where i.segment_id = t.old_ids_segment)";
  private static final String HISTORY_END = "t.history_segment, t.history_slot,"
      + " t.history_length, t.history_digest, (select max(i.slot) from id_list_item i"
      + " where i.segment_id = t.history_segment)";
  private static final String NO_END = "null, null, null, null, null";

  /** The lists a version row points into, as the cache and the list columns name them. */
  static final String HISTORY = "history";
  static final String OLD_IDS = "old_ids";

  /** What a row of the first query says. */
  private static final int STORED = 0;
  private static final int SUCCESSOR = 1;
  private static final int PARENT = 2;

  private final StatelessSession session;
  private final Jdbc jdbc;
  private final Vendor vendor;
  private final int maxIds;
  private final ListCache cache;
  /** The lists this commit writes, for the cache once it is committed. */
  private final Map<ListCache.Key, ListCache.Known> written = new HashMap<>();

  private final Map<UUID, VersionRecord> sent = new LinkedHashMap<>();
  private final Set<UUID> typed = new HashSet<>();
  private final Set<UUID> stored = new HashSet<>();
  private final List<UUID> successors = new ArrayList<>();
  private final Map<UUID, ListPointer> oldIdEnds = new HashMap<>();
  private final Map<UUID, ListPointer> historyEnds = new HashMap<>();
  private final Map<UUID, Integer> lastSlots = new HashMap<>();

  CommitWriter(StatelessSession session, Vendor vendor, int maxIds, ListCache cache) {
    this.session = session;
    this.jdbc = new Jdbc(session, vendor);
    this.vendor = vendor;
    this.maxIds = maxIds;
    this.cache = cache;
  }

  /** The lists the commit wrote, by version: for the cache, once the commit is durable. */
  Map<ListCache.Key, ListCache.Known> written() {
    return written;
  }

  void write(Commit commit) {
    VersionRecord root = commit.root();
    for (VersionRecord version : commit.versions()) {
      sent.put(version.ecsId(), version);
      TypedMapping<?> mapping = VersionTable.mappingOf(version.type());
      if (mapping != null && mapping.fits(version)) {
        typed.add(version.ecsId());
      }
    }
    UUID base = commit.branch() ? null : root.parentId();
    readWhatIsStored(base, root.ecsId());
    if (!stored.isEmpty()) {
      Map<UUID, VersionRecord> existing =
          new GraphLoader(session, vendor, maxIds).versions(stored);
      for (UUID id : stored) {
        VersionRecord version = sent.get(id);
        if (!version.equals(existing.get(id))) {
          throw new ConflictException("version " + id + " (" + version.type() + ") is already"
              + " stored with different content; stored versions never change");
        }
      }
    }
    if (stored.contains(root.ecsId())) {
      base = null; // an identical re-send: its base's successor is itself
    } else if (base != null && !successors.isEmpty()) {
      throw new ConflictException(root.type() + " version " + base + " already has the"
          + " successor " + successors.get(0) + ", so " + root.ecsId() + " cannot follow it;"
          + " reload the latest version, or commit a branch");
    }
    List<VersionRecord> fresh = new ArrayList<>();
    for (VersionRecord version : sent.values()) {
      if (!stored.contains(version.ecsId())) {
        fresh.add(version);
      }
    }
    if (!fresh.isEmpty()) {
      new Rows(root.lineageId(), fresh).insert(base == null ? null
          : new SuccessorRow(base, root.ecsId(), root.lineageId()));
    }
  }

  /**
   * Finds which sent versions are stored, the stored successors of {@code base} (other than
   * {@code root}), and where the stored parents' lists end: one query, unless the ids are many
   * or a parent is not in the table its child goes to.
   */
  private void readWhatIsStored(UUID base, UUID root) {
    Map<VersionTable, Set<UUID>> parents = new EnumMap<>(VersionTable.class);
    for (VersionRecord version : sent.values()) {
      UUID parent = version.parentId();
      if (parent != null && !sent.containsKey(parent)) {
        parents.computeIfAbsent(tableOf(version), t -> new HashSet<>()).add(parent);
      }
    }
    List<List<UUID>> idBatches = GraphLoader.batches(sent.keySet(), maxIds);
    for (int i = 0; i < idBatches.size(); i++) {
      // the parents and the successors come with the first batch of ids
      query(idBatches.get(i), i == 0 ? parents : Map.of(), i == 0 ? base : null, root);
    }
    Set<UUID> elsewhere = new HashSet<>();
    parents.values().forEach(ids -> ids.stream()
        .filter(id -> !oldIdEnds.containsKey(id)).forEach(elsewhere::add));
    for (List<UUID> batch : GraphLoader.batches(elsewhere, maxIds)) {
      StringBuilder sql = new StringBuilder();
      List<Object> parameters = new ArrayList<>();
      for (VersionTable table : VersionTable.values()) {
        union(sql).append("select ").append(PARENT).append(", t.ecs_id, ").append(OLD_IDS_END)
            .append(" from ").append(vendor.table(table)).append(" t where t.ecs_id in ")
            .append(PlainSql.marks(batch.size()));
        parameters.addAll(batch);
      }
      read(sql, parameters, false);
    }
  }

  private void query(List<UUID> ids, Map<VersionTable, Set<UUID>> parents, UUID base,
      UUID root) {
    StringBuilder sql = new StringBuilder();
    List<Object> parameters = new ArrayList<>();
    // the thread parents' branch comes first: it has the most columns, and the branches after it
    // fill the columns they do not have with null
    boolean histories = parents.containsKey(VersionTable.CHAT_THREAD);
    List<VersionTable> parentTables = new ArrayList<>(parents.keySet());
    parentTables.sort((a, b) -> Boolean.compare(b == VersionTable.CHAT_THREAD,
        a == VersionTable.CHAT_THREAD));
    String padding = "";
    for (VersionTable table : parentTables) {
      List<UUID> ofTable = List.copyOf(parents.get(table));
      union(sql).append("select ").append(PARENT).append(", t.ecs_id, ").append(OLD_IDS_END)
          .append(table == VersionTable.CHAT_THREAD ? ", " + HISTORY_END
              : histories ? ", " + NO_END : "")
          .append(" from ").append(vendor.table(table)).append(" t where t.ecs_id in ")
          .append(PlainSql.marks(ofTable.size()));
      parameters.addAll(ofTable);
      padding = ", " + NO_END + (histories ? ", " + NO_END : "");
    }
    union(sql).append("select ").append(STORED).append(", c.ecs_id").append(padding)
        .append(" from version_catalog c where c.ecs_id in ").append(PlainSql.marks(ids.size()));
    parameters.addAll(ids);
    if (base != null) {
      union(sql).append("select ").append(SUCCESSOR).append(", c.ecs_id").append(padding)
          .append(" from version_catalog c where c.parent_id = ? and c.ecs_id <> ?");
      parameters.add(base);
      parameters.add(root);
    }
    read(sql, parameters, histories);
  }

  /**
   * Runs one of the first queries: each row is a stored version, a successor, or a parent with
   * where its old ids (and, with {@code histories}, its history) end.
   */
  private void read(CharSequence sql, List<Object> parameters, boolean histories) {
    jdbc.query(sql.toString(), parameters, row -> {
      UUID id = jdbc.uuid(row, 2);
      switch (row.getInt(1)) {
        case STORED:
          stored.add(id);
          break;
        case SUCCESSOR:
          if (!successors.contains(id)) {
            successors.add(id);
          }
          break;
        default:
          oldIdEnds.put(id, end(row, 3));
          if (histories && Jdbc.integer(row, 10) != null) {
            historyEnds.put(id, end(row, 8));
          }
      }
    });
  }

  /**
   * The list end in the five columns from {@code from} (1-based): segment, slot, length, digest,
   * and the segment's last slot.
   */
  private ListPointer end(ResultSet row, int from) throws SQLException {
    UUID segment = jdbc.uuid(row, from);
    Integer last = Jdbc.integer(row, from + 4);
    if (segment != null && last != null) {
      lastSlots.merge(segment, last, Math::max);
    }
    return new ListPointer(segment, Jdbc.integer(row, from + 1), row.getInt(from + 2),
        row.getBytes(from + 3));
  }

  private VersionTable tableOf(VersionRecord version) {
    return typed.contains(version.ecsId()) ? VersionTable.of(version.type())
        : VersionTable.GENERIC;
  }

  private static StringBuilder union(StringBuilder hql) {
    return hql.length() == 0 ? hql : hql.append(" union all ");
  }

  /** The rows of the new versions of one commit. */
  private final class Rows {
    private final UUID rootLineageId;
    private final List<VersionRecord> fresh;
    private final ListWriter lists;
    private final Map<Class<?>, List<Object>> inserts = new LinkedHashMap<>();
    private final List<CatalogRow> catalog = new ArrayList<>();

    Rows(UUID rootLineageId, List<VersionRecord> fresh) {
      this.rootLineageId = rootLineageId;
      this.fresh = parentsFirst(fresh);
      this.lists = new ListWriter(rootLineageId);
      lastSlots.forEach(lists::knowLastSlot);
    }

    void insert(SuccessorRow successor) {
      for (VersionRecord version : fresh) {
        add(toRow(version));
      }
      session.insertMultiple(lists.segments());
      session.insertMultiple(lists.items());
      session.insertMultiple(catalog);
      inserts.values().forEach(session::insertMultiple);
      if (successor != null) {
        session.insert(successor);
      }
    }

    private void add(Object row) {
      inserts.computeIfAbsent(row.getClass(), k -> new ArrayList<>()).add(row);
    }

    private VersionRow toRow(VersionRecord version) {
      VersionRow row;
      if (typed.contains(version.ecsId())) {
        row = VersionTable.mappingOf(version.type()).toRow(version);
        if (row instanceof ChatThreadRow thread) {
          completeThread(thread, version);
        }
      } else {
        for (UUID target : version.references()) {
          add(new GenericRefRow(version.ecsId(), target, rootLineageId));
        }
        row = GenericRecords.toRow(version);
      }
      row.ecsId = version.ecsId();
      row.lineageId = version.lineageId();
      row.parentId = version.parentId();
      row.rootLineageId = rootLineageId;
      row.createdAt = version.createdAt();
      ListPointer oldIds = write(version, OLD_IDS, version.oldIds(), null,
          oldIdEnds.get(version.parentId()), null);
      row.oldIds(oldIds);
      oldIdEnds.put(version.ecsId(), oldIds);
      catalog.add(new CatalogRow(row, tableOf(version)));
      return row;
    }

    /**
     * Stores the list {@code list} of {@code version} after its parent's, using what this
     * process knows of the parent's list; remembers the new list for the cache.
     */
    private ListPointer write(VersionRecord version, String list, List<UUID> ids, Value.Seq seq,
        ListPointer base, ListWriter.StoredList stored) {
      ListCache.Key parentKey = new ListCache.Key(version.parentId(), list);
      ListCache.Known known = version.parentId() == null ? null : written.get(parentKey);
      if (known == null && version.parentId() != null) {
        known = cache.get(parentKey);
      }
      ListWriter.Written result = lists.write(ids, seq, base, known, stored);
      if (result.known() != null) {
        written.put(new ListCache.Key(version.ecsId(), list), result.known());
      }
      return result.end();
    }

    private void completeThread(ChatThreadRow row, VersionRecord version) {
      Value.Seq historySeq = (Value.Seq) version.fields().get(ChatThreadRow.HISTORY);
      List<UUID> history = refs(historySeq);
      UUID parent = version.parentId();
      ListWriter.StoredList storedHistory = parent != null && !sent.containsKey(parent)
          && historyEnds.containsKey(parent)
          ? pointer -> ListReader.read(jdbc, new RowSelect(jdbc, vendor), vendor,
              List.of(new ListReader.Anchor(VersionTable.CHAT_THREAD, HISTORY, List.of(parent))),
              maxIds, false, r -> { })
              .entries(pointer, "chat_thread", parent, ChatThreadRow.HISTORY)
          : null;
      ListPointer pointer =
          write(version, HISTORY, history, historySeq, historyEnds.get(parent), storedHistory);
      row.history(pointer);
      historyEnds.put(version.ecsId(), pointer);
      List<UUID> tools = refs(version.fields().get(ChatThreadRow.TOOLS));
      row.toolsCount = tools.size();
      for (int i = 0; i < tools.size(); i++) {
        add(new ThreadToolRow(version.ecsId(), i, tools.get(i), rootLineageId));
      }
    }
  }

  /** The ids of a list of references, read from it on demand: a history holds thousands. */
  private static List<UUID> refs(Value list) {
    List<Value> items = ((Value.Seq) list).items();
    return new AbstractList<>() {
      @Override
      public UUID get(int index) {
        return ((Value.Ref) items.get(index)).ecsId();
      }

      @Override
      public int size() {
        return items.size();
      }
    };
  }

  /** {@code versions}, each after its parent when the parent is among them. */
  private static List<VersionRecord> parentsFirst(List<VersionRecord> versions) {
    Map<UUID, VersionRecord> byId = new LinkedHashMap<>();
    versions.forEach(version -> byId.put(version.ecsId(), version));
    List<VersionRecord> ordered = new ArrayList<>(versions.size());
    Set<UUID> placed = new HashSet<>();
    for (VersionRecord version : versions) {
      List<VersionRecord> chain = new ArrayList<>();
      for (VersionRecord at = version; at != null && !placed.contains(at.ecsId());
          at = at.parentId() == null ? null : byId.get(at.parentId())) {
        chain.add(at);
        placed.add(at.ecsId());
      }
      for (int i = chain.size() - 1; i >= 0; i--) {
        ordered.add(chain.get(i));
      }
    }
    return ordered;
  }
}
