package dev.lineage.storage.jpa;

import dev.lineage.storage.IntegrityReport;
import dev.lineage.storage.IntegrityReport.Kind;
import dev.lineage.storage.IntegrityReport.Problem;
import dev.lineage.storage.UnreadableDataException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.hibernate.StatelessSession;

/**
 * {@code verify()}: reads every catalogued version page by page and reports what is wrong instead
 * of failing on it.
 *
 * <ul>
 *   <li>a page that cannot be read is read again row by row, and every row that cannot be read is
 *       an {@link Kind#UNREADABLE} problem naming its table and {@code ecs_id} (a catalog row
 *       without its row is one of them);
 *   <li>the checks every adapter shares ({@link IntegrityReport#check}): references and parents
 *       resolve, a parent shares the lineage, old ids chain; a reference to a version that is
 *       stored but unreadable is not reported again as missing;
 *   <li>what only this layout can show: a catalog row that disagrees with its row, a list whose
 *       stored digest does not match its items (the next version would extend the wrong list), a
 *       generic row whose {@code generic_ref} rows differ from its body's references, version
 *       rows without their catalog row, tool links and generic references of versions that are
 *       not stored, successor rows naming versions that are not stored or not the successor, and
 *       list segments or items that no version's list reaches.
 * </ul>
 *
 * It keeps a few dozen bytes per version (lineage, type, a digest of its old ids) and the
 * references that were not resolved yet, not the versions themselves.
 */
final class Verifier {

  /** How many versions one page reads. */
  private static final int PAGE = 1_000;

  /** How many list segments one statement reads. */
  private static final int SEGMENT_PAGE = 10_000;

  /** What a later version needs of a version that was read: to check it as a parent. */
  private record Known(UUID lineageId, int oldIdsLength, byte[] oldIdsDigest) {}

  /** A version whose parent was not read yet, with what checking the parent needs. */
  private record Child(UUID ecsId, UUID lineageId, UUID parentId, String type,
      int oldIdsLength, byte[] prefixDigest, UUID lastOldId) {}

  /** A version that references another, for the message if that one is missing. */
  private record Referrer(UUID ecsId, String type) {}

  /** One catalog row as a page lists it. */
  private record Entry(UUID ecsId, String storedIn, UUID lineageId, UUID parentId,
      Instant createdAt) {}

  /** A list segment as the check needs it, with the last slot and number of its items. */
  private record Segment(UUID id, UUID parent, Integer parentSlot, UUID rootLineageId,
      int lastSlot, int items) {}

  /** What reading a page found: the records, and problems of their rows. */
  private record PageResult(List<VersionRecord> records, List<Problem> problems) {}

  private final JpaEntityStorage storage;
  private final Vendor vendor;
  private final int maxIds;

  private final List<Problem> problems = new ArrayList<>();
  private final Map<UUID, Known> known = new HashMap<>();
  private final Set<UUID> unreadable = new HashSet<>();
  private final List<Child> orphans = new ArrayList<>();
  private final Map<UUID, List<Referrer>> unresolved = new LinkedHashMap<>();
  private long checked;

  Verifier(JpaEntityStorage storage, Vendor vendor, int maxIds) {
    this.storage = storage;
    this.vendor = vendor;
    this.maxIds = maxIds;
  }

  IntegrityReport run() {
    readEveryVersion();
    resolveTheRest();
    storage.read("verifying the catalog against the version tables", session -> {
      rowsWithoutCatalog(session);
      leftOverLinks(session);
      successors(session);
      return null;
    });
    unreachableLists();
    return new IntegrityReport(checked, problems);
  }

  // ---- every version, page by page ----

  private void readEveryVersion() {
    Entry after = null;
    while (true) {
      Entry cursor = after;
      List<Entry> entries = storage.read("verifying: listing versions",
          session -> catalogPage(session, cursor));
      if (entries.isEmpty()) {
        return;
      }
      after = entries.get(entries.size() - 1);
      checked += entries.size();
      Map<UUID, VersionTable> located = new LinkedHashMap<>();
      Map<UUID, Entry> byId = new HashMap<>();
      for (Entry entry : entries) {
        try {
          located.put(entry.ecsId(), GraphLoader.catalogued(entry.ecsId(), entry.storedIn()));
          byId.put(entry.ecsId(), entry);
        } catch (UnreadableDataException e) {
          unreadable(entry.ecsId(), e);
        }
      }
      if (located.isEmpty()) {
        continue;
      }
      PageResult page;
      try {
        page = storage.read("verifying " + located.size() + " versions",
            session -> readPage(session, located, byId));
      } catch (UnreadableDataException pageFailed) {
        page = rowByRow(located, byId);
      }
      problems.addAll(page.problems());
      page.records().forEach(this::checkLinks);
    }
  }

  /** The page's versions one at a time: each one that cannot be read is a problem of its own. */
  private PageResult rowByRow(Map<UUID, VersionTable> located, Map<UUID, Entry> byId) {
    List<VersionRecord> records = new ArrayList<>();
    List<Problem> found = new ArrayList<>();
    located.forEach((id, table) -> {
      try {
        PageResult one = storage.read("verifying version " + id,
            session -> readPage(session, Map.of(id, table), byId));
        records.addAll(one.records());
        found.addAll(one.problems());
      } catch (UnreadableDataException e) {
        unreadable(id, e);
      }
    });
    return new PageResult(records, found);
  }

  private void unreadable(UUID id, UnreadableDataException failure) {
    unreadable.add(id);
    problems.add(new Problem(Kind.UNREADABLE, id, failure.getMessage()));
  }

  private List<Entry> catalogPage(StatelessSession session, Entry after) {
    var query = session.createSelectionQuery("select c.ecsId, c.storedIn, c.lineageId,"
        + " c.parentId, c.createdAt from CatalogRow c" + (after == null ? ""
            : " where c.createdAt > :at or (c.createdAt = :at and c.ecsId > :id)")
        + " order by c.createdAt, c.ecsId limit " + PAGE, Object[].class);
    if (after != null) {
      query.setParameter("at", after.createdAt()).setParameter("id", after.ecsId());
    }
    List<Entry> entries = new ArrayList<>();
    for (Object[] row : query.getResultList()) {
      entries.add(new Entry((UUID) row[0], (String) row[1], (UUID) row[2], (UUID) row[3],
          (Instant) row[4]));
    }
    return entries;
  }

  /**
   * Reads the versions {@code located} names and checks what their rows hold beyond the record:
   * the catalog's copy of the versioning columns, the digests of the lists, the generic
   * references. Changes nothing of this verifier, so that a page that fails can be read again.
   */
  private PageResult readPage(StatelessSession session, Map<UUID, VersionTable> located,
      Map<UUID, Entry> catalog) {
    List<Problem> found = new ArrayList<>();
    List<VersionRecord> generic = new ArrayList<>();
    Map<UUID, VersionRecord> records = new GraphLoader(session, vendor, maxIds)
        .inspecting((row, record) -> {
          String table = VersionTable.sqlNameOf(row);
          checkDigest(found, table, record.ecsId(), "old_ids", row.oldIdsDigest,
              record.oldIds());
          if (row instanceof ChatThreadRow thread) {
            checkDigest(found, table, record.ecsId(), ChatThreadRow.HISTORY,
                thread.historyDigest, refs(record.fields().get(ChatThreadRow.HISTORY)));
          }
          if (row instanceof GenericRow) {
            generic.add(record);
          }
        })
        .versionsAt(located);
    for (VersionRecord record : records.values()) {
      checkCatalog(found, catalog.get(record.ecsId()), record, located.get(record.ecsId()));
    }
    checkGenericRefs(session, found, generic);
    return new PageResult(List.copyOf(records.values()), found);
  }

  private static void checkDigest(List<Problem> found, String table, UUID id, String field,
      byte[] stored, List<UUID> items) {
    byte[] actual = IdDigest.of(items);
    if (!Arrays.equals(stored, actual)) {
      found.add(new Problem(Kind.UNREADABLE, id, table + " row " + id + ": the stored digest of"
          + " field '" + field + "' does not match its " + items.size() + " items; the next"
          + " version would extend a list other than this one"));
    }
  }

  private static List<UUID> refs(Value list) {
    List<UUID> ids = new ArrayList<>();
    for (Value item : ((Value.Seq) list).items()) {
      ids.add(((Value.Ref) item).ecsId());
    }
    return ids;
  }

  private static void checkCatalog(List<Problem> found, Entry entry, VersionRecord record,
      VersionTable table) {
    if (entry == null) {
      return;
    }
    List<String> differences = new ArrayList<>();
    if (!entry.lineageId().equals(record.lineageId())) {
      differences.add("lineage " + entry.lineageId() + " where the row has "
          + record.lineageId());
    }
    if (!Objects.equals(entry.parentId(), record.parentId())) {
      differences.add("parent " + entry.parentId() + " where the row has " + record.parentId());
    }
    if (!entry.createdAt().equals(record.createdAt())) {
      differences.add("creation time " + entry.createdAt() + " where the row has "
          + record.createdAt());
    }
    if (!differences.isEmpty()) {
      found.add(new Problem(Kind.UNREADABLE, record.ecsId(), "version_catalog row "
          + record.ecsId() + " disagrees with its " + table.sqlName() + " row: it says "
          + String.join(", ", differences) + "; listings and lookups use the catalog's"));
    }
  }

  /** Whether each generic row's {@code generic_ref} rows are exactly its body's references. */
  private void checkGenericRefs(StatelessSession session, List<Problem> found,
      List<VersionRecord> generic) {
    if (generic.isEmpty()) {
      return;
    }
    Map<UUID, Set<UUID>> indexed = new HashMap<>();
    for (List<UUID> batch : GraphLoader.batches(
        generic.stream().map(VersionRecord::ecsId).toList(), maxIds)) {
      var query = session.createSelectionQuery("select r.fromId, r.toId from GenericRefRow r"
          + " where r.fromId in " + InList.of("id", batch.size()), Object[].class);
      InList.bind(query, "id", batch);
      for (Object[] row : query.getResultList()) {
        indexed.computeIfAbsent((UUID) row[0], k -> new LinkedHashSet<>()).add((UUID) row[1]);
      }
    }
    for (VersionRecord record : generic) {
      Set<UUID> inBody = record.references();
      Set<UUID> inTable = indexed.getOrDefault(record.ecsId(), Set.of());
      if (!inBody.equals(inTable)) {
        Set<UUID> notIndexed = new LinkedHashSet<>(inBody);
        notIndexed.removeAll(inTable);
        Set<UUID> extra = new LinkedHashSet<>(inTable);
        extra.removeAll(inBody);
        found.add(new Problem(Kind.UNREADABLE, record.ecsId(), "generic_entity row "
            + record.ecsId() + " (" + record.type() + "): its generic_ref rows do not match its"
            + " body's references" + (notIndexed.isEmpty() ? ""
                : "; missing for " + notIndexed + " (loading its graph would not reach them)")
            + (extra.isEmpty() ? "" : "; extra for " + extra)));
      }
    }
  }

  // ---- the checks every adapter shares, without keeping the versions ----

  private void checkLinks(VersionRecord record) {
    List<UUID> oldIds = record.oldIds();
    byte[][] digests = oldIds.isEmpty() ? new byte[][] {null, null}
        : IdDigest.prefixAndWhole(oldIds, oldIds.size() - 1);
    known.put(record.ecsId(), new Known(record.lineageId(), oldIds.size(), digests[1]));
    Referrer referrer = new Referrer(record.ecsId(), record.type());
    for (UUID reference : record.references()) {
      if (!known.containsKey(reference) && !unreadable.contains(reference)) {
        unresolved.computeIfAbsent(reference, k -> new ArrayList<>()).add(referrer);
      }
    }
    unresolved.remove(record.ecsId());
    if (record.parentId() == null) {
      return;
    }
    Child child = new Child(record.ecsId(), record.lineageId(), record.parentId(), record.type(),
        oldIds.size(), digests[0], oldIds.get(oldIds.size() - 1));
    if (oldIds.contains(record.ecsId())) {
      problems.add(new Problem(Kind.BROKEN_HISTORY, record.ecsId(), "version " + record.ecsId()
          + " lists itself among its old ids " + oldIds));
    }
    Known parent = known.get(record.parentId());
    if (parent == null) {
      orphans.add(child);
    } else {
      checkParent(child, parent);
    }
  }

  private void checkParent(Child child, Known parent) {
    if (!parent.lineageId().equals(child.lineageId())) {
      problems.add(new Problem(Kind.LINEAGE_MISMATCH, child.ecsId(), "version " + child.ecsId()
          + " of lineage " + child.lineageId() + " has the parent " + child.parentId()
          + " of lineage " + parent.lineageId()));
    }
    boolean chains = child.oldIdsLength() == parent.oldIdsLength() + 1
        && child.parentId().equals(child.lastOldId())
        && Arrays.equals(child.prefixDigest(), parent.oldIdsDigest());
    if (!chains) {
      problems.add(new Problem(Kind.BROKEN_HISTORY, child.ecsId(), "version " + child.ecsId()
          + " has " + child.oldIdsLength() + " old ids, which are not its parent's "
          + parent.oldIdsLength() + " followed by the parent " + child.parentId()));
    }
  }

  /**
   * Checks the parents and references that were not read when their versions were; those that
   * are still unknown are looked up once more (a version committed while this check ran) before
   * they are reported as missing.
   */
  private void resolveTheRest() {
    Set<UUID> wanted = new LinkedHashSet<>(unresolved.keySet());
    for (Child child : orphans) {
      if (!known.containsKey(child.parentId())) {
        wanted.add(child.parentId());
      }
    }
    wanted.removeAll(unreadable);
    Set<UUID> stored = wanted.isEmpty() ? Set.of() : storage.read("verifying: looking up "
        + wanted.size() + " versions", session -> new GraphLoader(session, vendor, maxIds)
            .locate(wanted).keySet());
    for (Child child : orphans) {
      Known parent = known.get(child.parentId());
      if (parent != null) {
        checkParent(child, parent);
      } else if (!unreadable.contains(child.parentId()) && !stored.contains(child.parentId())) {
        problems.add(new Problem(Kind.MISSING_PARENT, child.ecsId(), child.type() + " version "
            + child.ecsId() + " has the parent " + child.parentId() + ", which is not stored"));
      }
    }
    unresolved.forEach((reference, referrers) -> {
      if (!unreadable.contains(reference) && !stored.contains(reference)) {
        for (Referrer referrer : referrers) {
          problems.add(new Problem(Kind.MISSING_REFERENCE, referrer.ecsId(), referrer.type()
              + " version " + referrer.ecsId() + " references version " + reference
              + ", which is not stored"));
        }
      }
    });
  }

  // ---- what only this layout can show ----

  /** Version rows that no catalog row names with their table: no listing or lookup finds them. */
  private void rowsWithoutCatalog(StatelessSession session) {
    for (VersionTable table : VersionTable.values()) {
      List<Object[]> rows = PlainSql.query(session, "select t.ecs_id, c.stored_in from "
          + vendor.table(table) + " t left join version_catalog c on c.ecs_id = t.ecs_id"
          + " where c.ecs_id is null or c.stored_in <> ?", List.<Object>of(table.sqlName()));
      for (Object[] row : rows) {
        UUID id = (UUID) row[0];
        problems.add(new Problem(Kind.INCOMPLETE_COMMIT, id, table.sqlName() + " row " + id
            + (row[1] == null ? " has no version_catalog row"
                : " is catalogued in " + row[1] + ", not in " + table.sqlName())
            + ": no listing or lookup by id finds it"));
      }
    }
  }

  /** Tool links of thread rows and generic references of generic rows that do not exist. */
  private void leftOverLinks(StatelessSession session) {
    for (Object[] row : PlainSql.query(session, "select l.chat_thread_id, count(*) from"
        + " chat_thread_tools l where not exists (select 1 from chat_thread t"
        + " where t.ecs_id = l.chat_thread_id) group by l.chat_thread_id", List.of())) {
      problems.add(new Problem(Kind.INCOMPLETE_COMMIT, null, row[1] + " chat_thread_tools"
          + " rows link tools to the thread version " + row[0] + ", which has no chat_thread"
          + " row"));
    }
    for (Object[] row : PlainSql.query(session, "select r.from_id, count(*) from generic_ref r"
        + " where not exists (select 1 from generic_entity g where g.ecs_id = r.from_id)"
        + " group by r.from_id", List.of())) {
      problems.add(new Problem(Kind.INCOMPLETE_COMMIT, null, row[1] + " generic_ref rows"
          + " start at the version " + row[0] + ", which has no generic_entity row"));
    }
  }

  /**
   * Successor rows (which refuse every further plain commit from their base) that name a version
   * that is not stored, or one whose parent is not the base.
   */
  private void successors(StatelessSession session) {
    List<Object[]> rows = PlainSql.query(session, "select s.base_id, s.successor_id, b.ecs_id,"
        + " c.ecs_id, c.parent_id from version_successor s"
        + " left join version_catalog b on b.ecs_id = s.base_id"
        + " left join version_catalog c on c.ecs_id = s.successor_id"
        + " where b.ecs_id is null or c.ecs_id is null or c.parent_id is null"
        + " or c.parent_id <> s.base_id", List.of());
    for (Object[] row : rows) {
      UUID base = (UUID) row[0];
      UUID successor = (UUID) row[1];
      boolean baseStored = row[2] != null;
      boolean successorStored = row[3] != null;
      UUID parent = (UUID) row[4];
      String says = "version_successor row says " + successor + " follows " + base;
      if (!successorStored) {
        problems.add(new Problem(Kind.MISSING_REFERENCE, baseStored ? base : null, says
            + ", but " + successor + " is not stored; every plain commit from " + base
            + " is refused as a conflict"));
      } else if (!base.equals(parent)) {
        problems.add(new Problem(Kind.BROKEN_HISTORY, successor, says + ", but the parent of "
            + successor + " is " + parent));
      }
      // a stored successor of a base that is not stored: its own check reports the parent
    }
  }

  /**
   * List segments that no version's list passes through, and items beyond the last slot any
   * list reaches in their segment: what a list was never part of, since items never change.
   */
  private void unreachableLists() {
    Map<UUID, Segment> segments = new HashMap<>();
    UUID after = null;
    while (true) {
      UUID from = after;
      List<Object[]> page = storage.read("verifying the id lists", session -> PlainSql.query(
          session, "select s.segment_id, s.parent_segment_id, s.parent_slot,"
              + " s.root_lineage_id, (select max(i.slot) from id_list_item i"
              + " where i.segment_id = s.segment_id), (select count(*) from id_list_item i"
              + " where i.segment_id = s.segment_id) from id_list_segment s"
              + (from == null ? "" : " where s.segment_id > ?")
              + " order by s.segment_id limit " + SEGMENT_PAGE,
          from == null ? List.of() : List.<Object>of(from)));
      for (Object[] row : page) {
        Segment segment = new Segment((UUID) row[0], (UUID) row[1], (Integer) row[2],
            (UUID) row[3], row[4] == null ? -1 : (Integer) row[4], (Integer) row[5]);
        segments.put(segment.id(), segment);
        after = segment.id();
      }
      if (page.size() < SEGMENT_PAGE) {
        break;
      }
    }
    if (segments.isEmpty()) {
      return;
    }
    Map<UUID, Integer> reach = new HashMap<>();
    List<Object[]> ends = storage.read("verifying the id lists", session -> {
      List<Object[]> all = new ArrayList<>();
      for (VersionTable table : VersionTable.values()) {
        all.addAll(listEnds(session, table, "old_ids"));
      }
      all.addAll(listEnds(session, VersionTable.CHAT_THREAD, "history"));
      return all;
    });
    for (Object[] end : ends) {
      UUID segment = (UUID) end[0];
      Integer slot = (Integer) end[1];
      // a segment seen before had its parents marked then: they do not depend on the slot
      while (segment != null && slot != null) {
        Integer before = reach.get(segment);
        reach.put(segment, before == null ? slot : Math.max(before, slot));
        Segment row = segments.get(segment);
        if (before != null || row == null) {
          break;
        }
        slot = row.parentSlot();
        segment = row.parent();
      }
    }
    segments.values().stream()
        .sorted((a, b) -> VersionRecord.compareUnsigned(a.id(), b.id()))
        .forEach(segment -> {
          Integer reached = reach.get(segment.id());
          if (reached == null) {
            problems.add(new Problem(Kind.INCOMPLETE_COMMIT, null, "id_list_segment "
                + segment.id() + " (" + segment.items() + " items, written under root lineage "
                + segment.rootLineageId() + ") is on no version's list"));
          } else if (segment.lastSlot() > reached) {
            problems.add(new Problem(Kind.INCOMPLETE_COMMIT, null, "id_list_segment "
                + segment.id() + " holds items at slots " + (reached + 1) + " to "
                + segment.lastSlot() + ", beyond the slot " + reached + " where every"
                + " version's list through it ends"));
          }
        });
  }

  private List<Object[]> listEnds(StatelessSession session, VersionTable table, String list) {
    return PlainSql.query(session, "select t." + list + "_segment, max(t." + list + "_slot)"
        + " from " + vendor.table(table) + " t where t." + list + "_segment is not null"
        + " group by t." + list + "_segment", List.of());
  }
}
